import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { fleetFilter } from '../bulk-commands/schema.ts';

export const CAMPAIGN_ITEM_STATUSES = ['pending', 'sent', 'succeeded', 'failed'] as const;

export const campaignBody = z.object({
  imageId: z.uuid().meta({ description: 'a hosted image (POST /api/firmware)' }),
  filter: fleetFilter,
  canaryPercent: z.number().int().min(0).max(100).default(5).meta({ description: 'share of the chargers in the first wave (at least one); 0 = no canary', example: 5 }),
  waveSize: z.number().int().min(1).max(10_000).default(50).meta({ description: 'chargers per wave after the canary', example: 50 }),
  pauseS: z.number().int().min(0).max(7 * 86_400).default(600).meta({ description: 'pause after each wave before the next starts', example: 600 }),
  maxFailureRate: z.number().min(0).max(1).default(0.1).meta({ description: 'a wave whose failed share passes this halts the campaign (0 = any failure halts)', example: 0.1 }),
});

const counts = z.object(Object.fromEntries(CAMPAIGN_ITEM_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof CAMPAIGN_ITEM_STATUSES)[number], z.ZodNumber>);

export const campaignSummarySchema = z.object({
  id: z.uuid(),
  imageId: z.uuid(),
  version: z.string().meta({ example: '2.5.0' }),
  firmwareUrl: z.string(),
  filter: z.record(z.string(), z.unknown()).meta({ example: { model: 'AC22-T2' } }),
  canaryPercent: z.number().int(),
  waveSize: z.number().int(),
  pauseS: z.number().int(),
  maxFailureRate: z.number(),
  status: z.enum(['running', 'paused', 'halted', 'completed', 'cancelled']).meta({ example: 'running' }),
  statusReason: z.string().nullable().meta({ example: 'wave 2: 3 of 10 chargers failed (30 % > 10 %)' }),
  currentWave: z.number().int().meta({ description: 'the wave under way or last done (0 = the canary)' }),
  waves: z.number().int(),
  nextWaveAt: z.iso.datetime().nullable(),
  requestedBy: z.string().meta({ example: 'user:5b0c…' }),
  progress: counts.meta({ example: { pending: 90, sent: 5, succeeded: 24, failed: 1 } }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

export const campaignSchema = campaignSummarySchema.extend({
  perWave: z.array(counts.extend({ wave: z.number().int(), canary: z.boolean() })),
  items: z.array(
    z.object({
      chargerId: z.string().meta({ example: 'CP-0042' }),
      wave: z.number().int(),
      status: z.enum(CAMPAIGN_ITEM_STATUSES).meta({ description: 'pending: its wave has not reached it; sent: waiting for Installed; succeeded; failed (see error)' }),
      commandId: z.uuid().nullable(),
      error: z.string().nullable().meta({ example: 'the charger reported DownloadFailed' }),
      sentAt: z.iso.datetime().nullable(),
      finishedAt: z.iso.datetime().nullable(),
    }),
  ),
});

export const campaignParams = z.object({ id: z.uuid() });
export const campaignListQuery = pageQuerySchema;
export const campaignPage = pageSchema(campaignSummarySchema);
