import type { PrismaClient } from '../db/database.ts';
import { WebhookError } from './errors.ts';

/** Deletes a subscription and its delivery log (deactivate it instead to keep the log). */
export async function deleteWebhookSubscription(prisma: PrismaClient, id: string): Promise<void> {
  const n = await prisma.webhookSubscription.deleteMany({ where: { id } });
  if (n.count === 0) throw new WebhookError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`);
}
