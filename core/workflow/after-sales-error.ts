// The base of every after-sales rule error (workflow, customers, SLA, parts, …). Each area lists its own
// stable codes; the API maps each code to an HTTP status and documents it (api/errors.ts, docs/api.md).

export class AfterSalesError<C extends string = string> extends Error {
  override name = 'AfterSalesError';
  constructor(
    readonly code: C,
    message: string,
    /** extra members of the problem document, e.g. the allowed transitions */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
