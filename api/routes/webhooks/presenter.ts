import type { WebhookDelivery, WebhookSubscription } from '../../../core/db/generated/client.ts';

/** Without the secret: it is shown once, when the subscription is created. */
export function presentSubscription(s: WebhookSubscription) {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    active: s.active,
    description: s.description,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function presentDelivery(d: WebhookDelivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
