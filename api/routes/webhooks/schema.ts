import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../../core/webhooks/webhook-events.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).meta({ example: ['fault.opened', 'fault.cleared'] });
const url = z.url({ protocol: /^https?$/ }).max(2000).meta({ example: 'https://crm.example.com/hooks/chargemend' });

export const subscriptionSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  description: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const createdSubscriptionSchema = subscriptionSchema.extend({
  secret: z.string().meta({ description: 'HMAC-SHA256 key for X-Chargemend-Signature; shown once', example: 'whsec_…' }),
});

export const createSubscriptionBody = z.object({ url, eventTypes, description: z.string().max(500).optional() });

export const updateSubscriptionBody = z
  .object({ url: url.optional(), eventTypes: eventTypes.optional(), description: z.string().max(500).nullable().optional(), active: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .meta({ example: { active: false } });

export const subscriptionIdParams = z.object({ id: z.uuid() });

export const deliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string().meta({ example: 'fault.opened' }),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable().meta({ example: 503 }),
  lastError: z.string().nullable().meta({ example: 'receiver answered 503' }),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});

export const deliveryQuery = pageQuerySchema.extend({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES).optional(),
});
export const deliveryPage = pageSchema(deliverySchema);
