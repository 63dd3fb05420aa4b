import type { DomainEvent, DomainEventType, EventOf } from '../domain/events.ts';

// Outbound webhook events and the domain events they come from: one line per mapping. `name` may look
// at the event: a domain event that is not worth a webhook (a command still in progress) maps to none.

export const WEBHOOK_EVENT_TYPES = ['fault.opened', 'fault.cleared', 'ticket.created', 'ticket.updated', 'command.completed', 'charger.offline'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

type Mapping<T extends DomainEventType> = {
  name: WebhookEventType | ((e: EventOf<T>) => WebhookEventType | undefined);
  data: (e: EventOf<T>) => Record<string, unknown>;
};

const FINAL_COMMAND_STATUSES = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);
type MappingTable = { [T in DomainEventType]?: Mapping<T> };

export const WEBHOOK_EVENT_OF: MappingTable = {
  'fault.reported': { name: 'fault.opened', data: (e) => ({ chargerId: e.chargerId, evseId: e.connector.evseId, connectorId: e.connector.connectorId, fault: e.fault }) },
  'fault.cleared': { name: 'fault.cleared', data: (e) => ({ chargerId: e.chargerId, evseId: e.connector.evseId, connectorId: e.connector.connectorId, fault: e.fault ?? null }) },
  'charger.offline': { name: 'charger.offline', data: (e) => ({ chargerId: e.chargerId, lastSeenAt: e.lastSeenAt.toISOString() }) },
  'ticket.updated': {
    name: (e) => (e.change === 'created' ? 'ticket.created' : 'ticket.updated'),
    data: (e) => ({ ticketId: e.ticketId, number: e.number, chargerId: e.chargerId, status: e.status, severity: e.severity ?? null, change: e.change }),
  },
  'command.updated': {
    name: (e) => (FINAL_COMMAND_STATUSES.has(e.status) ? 'command.completed' : undefined),
    data: (e) => ({ commandId: e.commandId, chargerId: e.chargerId, kind: e.kind, status: e.status, ticketId: e.ticketId ?? null, requestedBy: e.requestedBy }),
  },
};

/** The webhook a domain event becomes, if any. */
export function webhookEventOf(e: DomainEvent): { name: WebhookEventType; data: Record<string, unknown> } | undefined {
  const m = WEBHOOK_EVENT_OF[e.type] as Mapping<DomainEventType> | undefined;
  if (!m) return undefined;
  const name = typeof m.name === 'function' ? m.name(e as never) : m.name;
  return name ? { name, data: m.data(e as never) } : undefined;
}

/** The body every receiver gets: `id` is the same for every subscription, so receivers can de-duplicate. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}
