import { z } from 'zod';
import { TicketStatus, TicketType } from '../../../core/db/generated/enums.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { commandSchema } from '../commands/schema.ts';
import { faultSchema, SEVERITIES } from '../faults/schema.ts';

const STATUSES = Object.values(TicketStatus) as [TicketStatus, ...TicketStatus[]];
const TYPES = Object.values(TicketType) as [TicketType, ...TicketType[]];

/** "a,b" → ["a", "b"], each one of `values` */
export const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

const severitySchema = z.enum(SEVERITIES).meta({ example: 'high' });
const iso = z.iso.datetime();

export const ticketListQuery = pageQuerySchema.extend({
  status: csv(STATUSES).optional().meta({ description: 'one status or several, comma-separated', example: 'open,remote_action' }),
  severity: csv(SEVERITIES).optional().meta({ description: 'comma-separated', example: 'safety-critical,high' }),
  type: z.enum(TYPES).optional().meta({ example: 'repair' }),
  chargerId: z.string().min(1).max(48).optional().meta({ example: 'CP-0042' }),
  faultClass: z.string().min(1).max(200).optional().meta({ example: 'ocpp16:GroundFailure' }),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'created at or after' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'created before' }),
  sort: z.string().default('-createdAt').meta({ description: 'createdAt, updatedAt, number, lastOccurredAt; prefix - for descending', example: '-lastOccurredAt' }),
});

export const ticketSummarySchema = z.object({
  id: z.uuid(),
  number: z.number().int().meta({ example: 1042 }),
  reference: z.string().meta({ example: 'T-1042' }),
  type: z.enum(TYPES),
  status: z.enum(STATUSES).meta({ example: 'open' }),
  chargerId: z.string().nullable().meta({ example: 'CP-0042' }),
  evseId: z.number().int().nullable(),
  connectorId: z.number().int().nullable(),
  faultClass: z.string().nullable().meta({ example: 'ocpp16:GroundFailure' }),
  severity: severitySchema.nullable(),
  title: z.string().meta({ example: 'Ground fault on CP-0042 EVSE 1' }),
  occurrences: z.number().int(),
  escalated: z.boolean(),
  reopenCount: z.number().int(),
  firstOccurredAt: iso.nullable(),
  lastOccurredAt: iso.nullable(),
  resolvedAt: iso.nullable(),
  resolution: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export const ticketPage = pageSchema(ticketSummarySchema);

export const checkSchema = z.object({
  name: z.string().meta({ example: 'telemetry' }),
  status: z.enum(['pending', 'ok', 'warning', 'failed', 'skipped']).meta({ example: 'warning' }),
  summary: z.string().nullable().meta({ example: 'Temperature 71–78 outside plausible bounds' }),
  data: z.unknown().meta({ description: 'what the check read (readings, counts, the command it sent)' }),
  ranAt: iso.nullable(),
});

export const diagnosisSchema = z.object({
  entryKey: z.string().meta({ example: 'ocpp16:GroundFailure' }),
  catalogueVersion: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  severity: severitySchema,
  likelyCauses: z.array(z.string()),
  recommendedAction: z.string(),
  parts: z.array(z.string()),
  selfHealing: z.object({ allowed: z.boolean(), steps: z.array(z.string()) }),
  outOfService: z.boolean(),
  generic: z.boolean(),
  summary: z.string().nullable().meta({ description: "the checks' warnings in one line; null until they ran" }),
  completedAt: iso.nullable(),
  checks: z.array(checkSchema).meta({ description: 'every automatic check and its result (pending until it ran)' }),
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  diagnosis: diagnosisSchema.nullable(),
  timeline: z.array(z.object({ at: iso, actor: z.string().meta({ example: 'rule:diagnosis' }), type: z.string().meta({ example: 'created' }), detail: z.unknown() })).meta({ description: 'oldest first' }),
  faults: z.array(faultSchema).meta({ description: 'the fault occurrences linked to the ticket, newest first' }),
  commands: z.array(commandSchema).meta({ description: 'commands sent for the ticket (checks, self-healing, engineers), newest first' }),
  files: z
    .array(
      z.object({
        id: z.uuid(),
        fileName: z.string().nullable().meta({ example: 'diagnostics.log' }),
        sizeBytes: z.number().int().nullable(),
        sha256: z.string().nullable(),
        commandId: z.uuid().nullable(),
        receivedAt: iso,
        url: z.string().meta({ description: 'download (GET, same credentials)', example: '/api/diagnostics/5b0c…' }),
      }),
    )
    .meta({ description: 'diagnostics/log files the charger uploaded for the ticket' }),
});

export const ticketParams = z.object({ id: z.string().min(1).max(40).meta({ description: 'the ticket id or its reference', example: 'T-1042' }) });
