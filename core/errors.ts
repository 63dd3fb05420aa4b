// Every area defines its errors once, as a registry of stable codes with an HTTP status and a message
// (STYLE.md); this makes the error class of such a registry, so the areas do not each write it again.

export interface ErrorSpec {
  status: number;
  message: string;
}

/** `class CampaignError extends codedError('CampaignError', CAMPAIGN_ERRORS) {}` */
export function codedError<C extends string>(name: string, registry: Readonly<Record<C, ErrorSpec>>) {
  return class CodedError extends Error {
    override name = name;
    constructor(
      readonly code: C,
      detail?: string,
    ) {
      super(detail ?? registry[code].message);
    }
    get status(): number {
      return registry[this.code].status;
    }
  };
}
