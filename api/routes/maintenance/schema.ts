import { z } from 'zod';
import { CONTACT_CHANNELS, workflowTicketSchema } from '../workflow/schema.ts';

export const planBody = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'DC fast charger, half-yearly' }),
  chargerId: z.string().min(1).max(48).optional(),
  model: z.string().min(1).max(100).optional(),
  intervalDays: z.number().int().min(1).max(3650),
  energyKwhPerService: z.number().positive().optional().meta({ description: 'a visit falls due earlier once this much energy was delivered' }),
  sessionsPerService: z.number().int().positive().optional(),
  leadDays: z.number().int().min(0).max(365).default(14),
  checklist: z.array(z.string().trim().min(1).max(300)).max(100).optional(),
});
export const planSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  chargerId: z.string().nullable(),
  model: z.string().nullable(),
  intervalDays: z.number().int(),
  energyKwhPerService: z.number().nullable(),
  sessionsPerService: z.number().int().nullable(),
  leadDays: z.number().int(),
  checklist: z.array(z.string()),
  active: z.boolean(),
});
export const planList = z.object({ items: z.array(planSchema) });
export const generatedSchema = z.object({ created: z.array(z.object({ ticketId: z.uuid(), reference: z.string(), chargerId: z.string().nullable() })) });

const severity = z.enum(['safety_critical', 'high', 'medium', 'low', 'transient']);
export const findingsBody = z.object({
  checklist: z.array(z.object({ item: z.string().min(1).max(300), done: z.boolean(), ok: z.boolean().optional(), note: z.string().max(2000).optional() })).max(100),
  findings: z.array(z.object({ description: z.string().trim().min(1).max(2000), severity, openRepair: z.boolean() })).max(50),
  channel: z.enum(CONTACT_CHANNELS).meta({ description: 'how the customer is told the outcome' }),
});
export const visitSchema = z.object({
  ticket: workflowTicketSchema,
  planId: z.uuid(),
  chargerId: z.string(),
  dueAt: z.iso.datetime(),
  checklist: z.array(z.object({ item: z.string(), done: z.boolean(), ok: z.boolean().optional(), note: z.string().optional() })),
  findings: z.array(z.object({ description: z.string(), severity: z.string(), openRepair: z.boolean(), repairTicketId: z.uuid().optional() })).nullable(),
  completedAt: z.iso.datetime().nullable(),
});
export const idParams = z.object({ id: z.uuid() });
