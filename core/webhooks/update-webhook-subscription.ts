import type { PrismaClient } from '../db/database.ts';
import { WebhookError } from './errors.ts';
import type { WebhookEventType } from './webhook-events.ts';

export interface UpdateWebhookSubscriptionInput {
  url?: string | undefined;
  eventTypes?: WebhookEventType[] | undefined;
  description?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updateWebhookSubscription(prisma: PrismaClient, id: string, input: UpdateWebhookSubscriptionInput) {
  const n = await prisma.webhookSubscription.updateMany({
    where: { id },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    },
  });
  if (n.count === 0) throw new WebhookError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`);
  return prisma.webhookSubscription.findUniqueOrThrow({ where: { id } });
}
