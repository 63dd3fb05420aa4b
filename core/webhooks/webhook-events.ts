import type { DomainEventType, EventOf } from '../domain/events.ts';

// Outbound webhook events and the domain events they come from: one line per mapping. ticket.created,
// ticket.updated and command.completed are accepted in subscriptions already; their mappings arrive with
// the ticket and command domain events.

export const WEBHOOK_EVENT_TYPES = ['fault.opened', 'fault.cleared', 'ticket.created', 'ticket.updated', 'command.completed', 'charger.offline'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

type Mapping<T extends DomainEventType> = { name: WebhookEventType; data: (e: EventOf<T>) => Record<string, unknown> };
type MappingTable = { [T in DomainEventType]?: Mapping<T> };

export const WEBHOOK_EVENT_OF: MappingTable = {
  'fault.reported': { name: 'fault.opened', data: (e) => ({ chargerId: e.chargerId, evseId: e.connector.evseId, connectorId: e.connector.connectorId, fault: e.fault }) },
  'fault.cleared': { name: 'fault.cleared', data: (e) => ({ chargerId: e.chargerId, evseId: e.connector.evseId, connectorId: e.connector.connectorId, fault: e.fault ?? null }) },
  'charger.offline': { name: 'charger.offline', data: (e) => ({ chargerId: e.chargerId, lastSeenAt: e.lastSeenAt.toISOString() }) },
};

/** The body every receiver gets: `id` is the same for every subscription, so receivers can de-duplicate. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}
