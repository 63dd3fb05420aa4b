import { readFileSync } from 'node:fs';
import { z } from 'zod';

// Typed view of fault-catalogue.json, the one table of fault codes, severities and clearing actions that
// the simulator injects from and the diagnosis benchmark scores against.

export const SEVERITIES = ['safety-critical', 'high', 'medium', 'low', 'transient'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type ExpectedSeverity = z.infer<typeof severitySchema>;

export const CLEARS_BY = ['self', 'soft-reset', 'hard-reset', 'unlock', 'repair'] as const;
export const clearsBySchema = z.enum(CLEARS_BY);
export type ClearsBy = z.infer<typeof clearsBySchema>;

export const ERROR_CODES_16 = [
  'ConnectorLockFailure', 'EVCommunicationError', 'GroundFailure', 'HighTemperature', 'InternalError',
  'LocalListConflict', 'OtherError', 'OverCurrentFailure', 'OverVoltage', 'PowerMeterFailure',
  'PowerSwitchFailure', 'ReaderFailure', 'ResetFailure', 'UnderVoltage', 'WeakSignal',
] as const;
export const errorCode16Schema = z.enum(ERROR_CODES_16);
export type ErrorCode16 = z.infer<typeof errorCode16Schema>;

const withoutComment = <T extends z.ZodType>(value: T) =>
  z.preprocess((v) => {
    if (v && typeof v === 'object') {
      const { $comment: _ignored, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    return v;
  }, z.record(z.string(), value));

const catalogueSchema = z.object({
  statusErrors: withoutComment(
    z.object({
      severity: severitySchema,
      faulted: z.boolean(),
      component: z.string().max(50),
      typicalClearsBy: clearsBySchema,
      description: z.string(),
    }),
  ),
  mrec: withoutComment(z.object({ errorCode: errorCode16Schema, description: z.string() })),
  eventComponents: withoutComment(severitySchema),
  securityEvents: withoutComment(severitySchema),
  kinds: withoutComment(z.object({ severity: severitySchema, typicalClearsBy: clearsBySchema })),
});
export type FaultCatalogue = z.infer<typeof catalogueSchema>;

export const FAULT_CATALOGUE_PATH = new URL('./fault-catalogue.json', import.meta.url);

export function loadFaultCatalogue(path: URL | string = FAULT_CATALOGUE_PATH): FaultCatalogue {
  const catalogue = catalogueSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  for (const code of ERROR_CODES_16) {
    if (!catalogue.statusErrors[code]) throw new Error(`fault catalogue lacks 1.6 errorCode ${code}`);
  }
  return catalogue;
}

export const faultCatalogue: FaultCatalogue = loadFaultCatalogue();

/** The remote action that can clear a fault of this class, if any ('self' and 'repair' need none / a visit). */
export function remoteActionFor(clearsBy: ClearsBy): 'soft-reset' | 'hard-reset' | 'unlock' | null {
  return clearsBy === 'soft-reset' || clearsBy === 'hard-reset' || clearsBy === 'unlock' ? clearsBy : null;
}
