import { z } from 'zod';
import { fleetFilterSchema } from '../../../core/bulk/fleet-filter.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { neutralCommandSchema } from '../commands/schema.ts';

export const BULK_ITEM_STATUSES = ['pending', 'sent', 'accepted', 'failed', 'offline'] as const;

export const fleetFilter = fleetFilterSchema.meta({
  description: 'which chargers: every criterion given must hold (at least one)',
  example: { model: 'AC22-T2', online: true },
});

export const bulkCommandBody = z.object({
  filter: fleetFilter,
  command: neutralCommandSchema,
  concurrency: z.number().int().min(1).max(50).default(10).meta({ description: 'commands waiting for a charger at once', example: 10 }),
});

const counts = z.object(Object.fromEntries(BULK_ITEM_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof BULK_ITEM_STATUSES)[number], z.ZodNumber>);

export const bulkJobSummarySchema = z.object({
  id: z.uuid(),
  command: z.record(z.string(), z.unknown()).meta({ example: { kind: 'reset', type: 'soft' } }),
  filter: z.record(z.string(), z.unknown()).meta({ example: { model: 'AC22-T2', online: true } }),
  concurrency: z.number().int(),
  status: z.enum(['running', 'completed', 'interrupted']).meta({ example: 'running' }),
  requestedBy: z.string().meta({ example: 'user:5b0c…' }),
  total: z.number().int().meta({ example: 120 }),
  progress: counts.meta({ description: 'chargers by result so far', example: { pending: 80, sent: 10, accepted: 27, failed: 1, offline: 2 } }),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

export const bulkItemSchema = z.object({
  chargerId: z.string().meta({ example: 'CP-0042' }),
  status: z.enum(BULK_ITEM_STATUSES).meta({ description: 'accepted: the charger accepted (or did) it; failed: rejected, error or no answer; offline: not connected, nothing sent' }),
  commandId: z.uuid().nullable(),
  commandStatus: z.string().nullable().meta({ example: 'succeeded' }),
  error: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});

export const bulkJobSchema = bulkJobSummarySchema.extend({ items: z.array(bulkItemSchema).meta({ description: 'one per charger, by charger id' }) });

export const bulkJobParams = z.object({ id: z.uuid() });
export const bulkJobListQuery = pageQuerySchema;
export const bulkJobPage = pageSchema(bulkJobSummarySchema);
