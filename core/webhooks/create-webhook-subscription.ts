import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/database.ts';
import type { WebhookEventType } from './webhook-events.ts';

export interface CreateWebhookSubscriptionInput {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string | undefined;
  createdBy: string;
}

/** Creates a subscription with a fresh signing secret (returned here once; receivers keep it). */
export async function createWebhookSubscription(prisma: PrismaClient, input: CreateWebhookSubscriptionInput) {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return prisma.webhookSubscription.create({
    data: { url: input.url, eventTypes: [...new Set(input.eventTypes)], secret, description: input.description ?? null, createdBy: input.createdBy },
  });
}
