import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });
const period = z.object({ from: isoDate.meta({ example: '2026-11-01T00:00:00Z' }), to: isoDate.meta({ example: '2026-12-01T00:00:00Z', description: 'exclusive' }) });
const rate = z.number().nullable().meta({ description: 'share 0–1; null when nothing to count' });

export const kpiQuery = period.extend({
  userId: z.uuid().optional().meta({ description: 'one person (tickets assigned to them)' }),
  team: z.enum(['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'specialist', 'viewer']).optional().meta({ description: 'everyone of a role' }),
  recurrenceDays: z.coerce.number().int().min(1).max(365).default(30).meta({ description: 'a reopen within this many days counts against repair success' }),
});
export const kpiSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  scope: z.object({ userId: z.string().optional(), team: z.string().optional() }),
  customerSatisfaction: z.object({ responses: z.number().int(), mean: z.number().nullable().meta({ description: 'survey score 1–5' }) }),
  repairTimeliness: z.object({ resolved: z.number().int(), withinSla: z.number().int(), rate }),
  repairSuccess: z.object({ resolved: z.number().int(), notReopened: z.number().int(), rate, recurrenceDays: z.number().int() }),
  firstTimeFix: z.object({ closed: z.number().int(), fixedOnFirstVisit: z.number().int(), rate }),
  complaintHandling: z.object({ received: z.number().int(), handled: z.number().int(), rate }),
  responseTime: z.object({ tickets: z.number().int(), meanMinutes: z.number().nullable(), p50Minutes: z.number().nullable(), p90Minutes: z.number().nullable() }).meta({ description: 'from opening to the first response by a person, in minutes' }),
  remoteResolution: z.object({ resolved: z.number().int(), remote: z.number().int(), rate }),
});
export const trendQuery = period.extend({ by: z.enum(['code', 'faultClass', 'model', 'firmware', 'site']).default('code'), bucket: z.enum(['day', 'week', 'month']).default('day') });
export const trendSchema = z.object({ items: z.array(z.object({ bucket: z.string().meta({ example: '2026-11-01' }), key: z.string(), faults: z.number().int(), chargers: z.number().int() })) });
export const uptimeQuery = period.extend({ chargerId: z.string().min(1).max(48).optional() });
export const uptimeSchema = z.object({
  items: z.array(z.object({ month: z.string(), chargerId: z.string(), evseId: z.number().int(), connectorId: z.number().int(), observedMinutes: z.number(), operativeMinutes: z.number(), uptimePercent: z.number().nullable() })),
});
export const reviewSchema = z.object({
  summary: z.array(z.object({ type: z.string(), checked: z.number().int(), complete: z.number().int(), rate })),
  flagged: z.array(z.object({ ticketId: z.uuid(), reference: z.string(), type: z.string(), closedAt: z.iso.datetime(), assigneeId: z.uuid().nullable(), issues: z.array(z.string()) })),
});
