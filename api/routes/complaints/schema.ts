import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { contactSchema } from '../consultations/schema.ts';
import { CONTACT_CHANNELS } from '../workflow/schema.ts';

const channel = z.enum(CONTACT_CHANNELS);
const STATUSES = ['open', 'acknowledged', 'investigating', 'plan_shared', 'follow_up', 'closed', 'cancelled'] as const;

export const complaintBody = z.object({
  customerId: z.uuid().optional(),
  channel,
  contact: contactSchema,
  content: z.string().trim().min(1).max(20_000),
  relatedTicketId: z.uuid().optional().meta({ description: 'the ticket the complaint is about' }),
  staffId: z.uuid().optional().meta({ description: 'the staff member it concerns' }),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
});
export const acknowledgeBody = z.object({ apology: z.string().trim().min(1).max(5000), promise: z.string().trim().min(1).max(5000), channel });
export const investigationBody = z.object({ cause: z.string().trim().min(1).max(5000), responsibleParty: z.string().trim().min(1).max(200).meta({ example: 'installation partner' }), staffId: z.uuid().optional() });
export const planBody = z.object({
  measures: z.array(z.string().trim().min(1).max(1000)).min(1).max(20),
  ownerId: z.uuid(),
  deadline: z.iso.datetime({ offset: true }),
  channel,
});
export const followUpBody = z.object({ channel, notes: z.string().max(5000).optional(), satisfaction: z.number().int().min(1).max(5), satisfied: z.boolean() });

export const complaintSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(STATUSES),
  priority: z.string(),
  customerId: z.uuid().nullable(),
  channel,
  contact: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
  content: z.string(),
  relatedTicketId: z.uuid().nullable(),
  staffId: z.uuid().nullable(),
  apology: z.string().nullable(),
  promise: z.string().nullable(),
  acknowledgedAt: z.iso.datetime().nullable(),
  cause: z.string().nullable(),
  responsibleParty: z.string().nullable(),
  plans: z.array(z.object({ measures: z.array(z.string()), ownerId: z.uuid(), deadline: z.iso.datetime(), sharedAt: z.iso.datetime() })),
  followUps: z.array(z.object({ at: z.iso.datetime(), channel, satisfaction: z.number().int(), satisfied: z.boolean(), notes: z.string().nullable() })),
  satisfiedAt: z.iso.datetime().nullable(),
  allowedTransitions: z.array(z.object({ to: z.string(), action: z.string().nullable() })),
  createdAt: z.iso.datetime(),
});
export const complaintListQuery = pageQuerySchema.extend({ status: z.enum(STATUSES).optional(), staffId: z.uuid().optional() });
export const complaintPage = pageSchema(complaintSchema);
export const idParams = z.object({ id: z.uuid() });
