import { z } from 'zod';

export const CATEGORIES = ['labour', 'parts', 'travel', 'other'] as const;
export const costBody = z.object({
  ticketId: z.uuid(),
  category: z.enum(CATEGORIES),
  amountCents: z.number().int().min(0).max(100_000_000),
  minutes: z.number().int().min(0).max(100_000).optional().meta({ description: 'labour time' }),
  distanceKm: z.number().min(0).max(100_000).optional().meta({ description: 'travel' }),
  description: z.string().trim().min(1).max(2000),
});
export const costSchema = z.object({
  id: z.string(),
  ticketId: z.uuid(),
  category: z.enum(CATEGORIES),
  amountCents: z.number().int(),
  minutes: z.number().int().nullable(),
  distanceKm: z.number().nullable(),
  description: z.string(),
  at: z.iso.datetime(),
  status: z.enum(['approved', 'pending_approval', 'rejected']).meta({ description: 'over-budget spending waits for a supervisor' }),
  decidedBy: z.string().nullable(),
});
export const costListQuery = z.object({ ticketId: z.uuid().optional(), status: z.enum(['approved', 'pending_approval', 'rejected']).optional() });
export const costList = z.object({ items: z.array(costSchema), totalApprovedCents: z.number().int() });
export const costParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });
export const decisionBody = z.object({ approve: z.boolean() });
