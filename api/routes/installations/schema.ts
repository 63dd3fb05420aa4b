import { z } from 'zod';
import { workflowTicketSchema } from '../workflow/schema.ts';

const isoDate = z.iso.datetime({ offset: true });
const ticked = z.object({ item: z.string().min(1).max(300), done: z.boolean(), note: z.string().max(2000).optional() });
const signer = z.object({ name: z.string().trim().min(1).max(200), signature: z.string().min(1).max(400_000).meta({ description: 'data URL, PNG or SVG' }) });

export const scheduleBody = z.object({
  chargerId: z.string().min(1).max(48).meta({ description: 'the identity the new charger will connect with', example: 'CP-0042' }),
  model: z.string().max(100).optional(),
  customerId: z.uuid().optional(),
  siteId: z.uuid().optional(),
  window: z.object({ start: isoDate, end: isoDate }).meta({ description: 'agreed with the customer' }),
  installerId: z.uuid(),
});
export const installedBody = z.object({ checklist: z.array(ticked).max(100), notes: z.string().max(5000).optional() });
export const trainingBody = z.object({ traineeName: z.string().trim().min(1).max(200), topics: z.array(z.string().min(1).max(300)).min(1).max(50) });
export const acceptanceBody = z.object({ customer: signer, technician: signer });
export const checklistParams = z.object({ model: z.string().min(1).max(100), kind: z.enum(['installation', 'maintenance']) });
export const checklistBody = z.object({ items: z.array(z.string().trim().min(1).max(300)).min(1).max(100) });
export const checklistSchema = z.object({ model: z.string(), kind: z.enum(['installation', 'maintenance']), items: z.array(z.string()) });

export const installationSchema = z.object({
  ticket: workflowTicketSchema,
  chargerId: z.string(),
  model: z.string().nullable(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  installerId: z.uuid(),
  checklist: z.array(ticked),
  installedAt: z.iso.datetime().nullable(),
  commissionedAt: z.iso.datetime().nullable(),
  trainedAt: z.iso.datetime().nullable(),
  traineeName: z.string().nullable(),
  trainingTopics: z.array(z.string()),
});
export const idParams = z.object({ id: z.uuid() });
