import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const SEVERITIES = ['safety-critical', 'high', 'medium', 'low', 'transient'] as const;
const severitySchema = z.enum(SEVERITIES).meta({ example: 'high' });
const iso = z.iso.datetime();
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const faultSchema = z.object({
  id: z.string().meta({ example: '5120' }),
  chargerId: z.string(),
  evseId: z.number().int(),
  connectorId: z.number().int(),
  source: z.string().meta({ example: 'status' }),
  code: z.string().meta({ example: 'GroundFailure' }),
  vendorId: z.string().nullable(),
  vendorCode: z.string().nullable(),
  info: z.string().nullable(),
  faultClass: z.string().meta({ example: 'ocpp16:GroundFailure' }),
  severity: severitySchema,
  reportedAt: iso,
  clearedAt: iso.nullable(),
  ticketId: z.uuid().nullable(),
});

export const faultListQuery = pageQuerySchema.extend({
  chargerId: z.string().min(1).max(48).optional().meta({ example: 'CP-0042' }),
  faultClass: z.string().min(1).max(200).optional().meta({ example: 'ocpp16:GroundFailure' }),
  severity: severitySchema.optional(),
  source: z.string().min(1).max(50).optional().meta({ example: 'status' }),
  code: z.string().min(1).max(100).optional().meta({ example: 'GroundFailure' }),
  open: boolQuery.optional().meta({ description: 'true: not cleared yet; false: cleared' }),
  ticketId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'reported at or after' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'reported before' }),
  sort: z.enum(['reportedAt', '-reportedAt']).default('-reportedAt'),
});
export const faultPage = pageSchema(faultSchema);
