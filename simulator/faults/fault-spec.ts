import { z } from 'zod';
import { clearsBySchema, errorCode16Schema, severitySchema } from './fault-catalogue.ts';

// What a test or a scenario asks a virtual charger to suffer. `connectorId` uses the flat 1.6 numbering
// (0 = the whole charger, N = the N-th connector over all EVSEs); 2.x chargers translate it to evse/connector.

const common = {
  id: z.string().min(1).max(64).optional(),
  connectorId: z.number().int().min(0).default(0),
  clearsBy: clearsBySchema.optional(),
  /** for clearsBy 'self' (and optionally any other class): clears by itself after this long */
  clearAfterMs: z.number().int().positive().optional(),
  expectedSeverity: severitySchema.optional(),
};

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status-error'),
    ...common,
    errorCode: errorCode16Schema,
    vendorId: z.string().min(1).max(255).optional(),
    vendorErrorCode: z.string().min(1).max(50).optional(),
    info: z.string().max(50).optional(),
    /** default from the catalogue: whether the connector goes Faulted */
    faulted: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('event'),
    ...common,
    component: z.string().min(1).max(50),
    variable: z.string().min(1).max(50).default('Problem'),
    techCode: z.string().min(1).max(50).optional(),
    techInfo: z.string().max(255).optional(),
    faulted: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('security'),
    ...common,
    type: z.string().min(1).max(50),
    techInfo: z.string().max(255).optional(),
  }),
  z.object({
    kind: z.literal('temperature-drift'),
    ...common,
    /** °C per simulated minute */
    ratePerMinC: z.number().positive().default(5),
    thresholdC: z.number().default(85),
  }),
  z.object({
    kind: z.literal('flapping'),
    ...common,
    upMs: z.number().int().positive().default(10_000),
    downMs: z.number().int().nonnegative().default(2_000),
  }),
  z.object({ kind: z.literal('stuck-connector'), ...common, connectorId: z.number().int().min(1).default(1) }),
  z.object({ kind: z.literal('dead'), ...common }),
]);

export type FaultSpecInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultKind = FaultSpec['kind'];
export const FAULT_KINDS: readonly FaultKind[] = [
  'status-error', 'event', 'security', 'temperature-drift', 'flapping', 'stuck-connector', 'dead',
];
