import { z } from 'zod';
import { TICKET_TYPES } from './schema.ts';

const target = z.object({
  targetMinutes: z.number().int(),
  elapsedMinutes: z.number().meta({ description: 'business minutes the clock ran (pauses excluded)' }),
  state: z.enum(['met', 'missed', 'running', 'warning', 'breached', 'paused']),
  dueAt: z.iso.datetime().nullable(),
});

export const ticketSlaSchema = z.object({
  policyId: z.uuid().nullable(),
  calendarId: z.string(),
  startedAt: z.iso.datetime(),
  respondedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  response: target,
  resolution: target,
  pauses: z.array(z.object({ reason: z.string(), startedAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable() })),
});

export const pauseBody = z.object({ reason: z.enum(['customer', 'parts']) });

export const calendarParams = z.object({ id: z.string().regex(/^[\w-]{1,50}$/).meta({ example: 'default' }) });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ example: '2026-12-25' });
export const calendarBody = z.object({
  timeZone: z.string().min(1).max(64).meta({ example: 'Europe/Berlin' }),
  workdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).meta({ description: 'ISO weekdays: 1 = Monday … 7 = Sunday', example: [1, 2, 3, 4, 5] }),
  openMinute: z.number().int().min(0).max(1440).meta({ description: 'minutes after local midnight', example: 480 }),
  closeMinute: z.number().int().min(0).max(1440).meta({ example: 1020 }),
  holidays: z.array(z.object({ date: localDate, name: z.string().min(1).max(100) })).max(500).default([]),
});
export const calendarSchema = calendarBody.extend({ id: z.string() });

const priority = z.enum(['urgent', 'high', 'normal', 'low']);
const tier = z.enum(['standard', 'premium', 'key_account']);
export const policyBody = z.object({
  name: z.string().min(1).max(200),
  ticketType: z.enum(TICKET_TYPES),
  priority: priority.nullable().default(null).meta({ description: 'null: any priority' }),
  tier: tier.nullable().default(null).meta({ description: 'null: any customer tier' }),
  responseMinutes: z.number().int().min(1).max(525_600),
  resolutionMinutes: z.number().int().min(1).max(525_600),
  warnPercent: z.number().int().min(1).max(99).default(80),
  calendarId: z.string().min(1).max(50).default('default'),
});
export const policySchema = policyBody.extend({ id: z.uuid() });
export const policyList = z.object({ items: z.array(policySchema) });
