import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { CONTACT_CHANNELS } from '../workflow/schema.ts';

const isoDate = z.iso.datetime({ offset: true });
export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'Ana López' }),
  phone: z.string().trim().max(50).nullable().optional(),
  email: z.email().max(320).nullable().optional().meta({ example: 'ana.lopez@example.com' }),
});
const priority = z.enum(['urgent', 'high', 'normal', 'low']);

export const consultationBody = z.object({
  customerId: z.uuid().optional(),
  chargerId: z.string().min(1).max(48).optional(),
  channel: z.enum(CONTACT_CHANNELS),
  contact: contactSchema,
  content: z.string().trim().min(1).max(20_000),
  priority: priority.optional(),
  answer: z.string().trim().min(1).max(20_000).optional().meta({ description: 'a simple question answered at once: the consultation closes' }),
  routeTo: z.object({ userId: z.uuid(), promisedReplyBy: isoDate }).optional().meta({ description: 'a complex one: who answers, and the reply time promised to the customer' }),
});
export const routeBody = z.object({ userId: z.uuid(), promisedReplyBy: isoDate });
export const answerBody = z.object({ answer: z.string().trim().min(1).max(20_000) });

export const consultationSchema = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'T-17' }),
  status: z.enum(['open', 'routed', 'closed', 'cancelled']),
  priority,
  customerId: z.uuid().nullable(),
  chargerId: z.string().nullable(),
  channel: z.enum(CONTACT_CHANNELS),
  contact: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
  content: z.string(),
  routedTo: z.uuid().nullable(),
  promisedReplyBy: z.iso.datetime().nullable(),
  overdue: z.boolean().meta({ description: 'routed and the promised reply time has passed without an answer' }),
  answer: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const consultationListQuery = pageQuerySchema.extend({
  status: z.enum(['open', 'routed', 'closed', 'cancelled']).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  routedTo: z.uuid().optional(),
});
export const consultationPage = pageSchema(consultationSchema);
export const idParams = z.object({ id: z.uuid() });
