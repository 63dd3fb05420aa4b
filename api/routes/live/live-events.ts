import type { DomainEvent, DomainEventType, EventOf } from '../../../core/domain/events.ts';
import type { Permission } from '../../../core/users/permissions.ts';

// What the live feed sends, for whom: one line per domain event. A caller receives an event only with
// the permission named here.

interface LiveMapping<T extends DomainEventType> {
  name: string;
  permission: Permission;
  data: (e: EventOf<T>) => Record<string, unknown>;
}
type LiveTable = { [T in DomainEventType]?: LiveMapping<T> };

const at = (e: DomainEvent) => ({ chargerId: e.chargerId, at: e.at.toISOString() });

export const LIVE_EVENTS: LiveTable = {
  'connector.status': { name: 'connector.status', permission: 'chargers:read', data: (e) => ({ ...at(e), ...e.connector, status: e.status, previous: e.previous ?? null }) },
  'fault.reported': { name: 'fault.reported', permission: 'faults:read', data: (e) => ({ ...at(e), ...e.connector, fault: e.fault }) },
  'fault.cleared': { name: 'fault.cleared', permission: 'faults:read', data: (e) => ({ ...at(e), ...e.connector, fault: e.fault ?? null }) },
  'charger.connected': { name: 'charger.connected', permission: 'chargers:read', data: (e) => ({ ...at(e), ocppVersion: e.ocppVersion }) },
  'charger.online': { name: 'charger.online', permission: 'chargers:read', data: (e) => at(e) },
  'charger.disconnected': { name: 'charger.disconnected', permission: 'chargers:read', data: (e) => ({ ...at(e), code: e.code ?? null, reason: e.reason ?? null }) },
  'charger.offline': { name: 'charger.offline', permission: 'chargers:read', data: (e) => ({ ...at(e), lastSeenAt: e.lastSeenAt.toISOString() }) },
  'command.updated': { name: 'command.updated', permission: 'commands:read', data: (e) => ({ ...at(e), commandId: e.commandId, kind: e.kind, status: e.status, ticketId: e.ticketId ?? null }) },
  'ticket.updated': { name: 'ticket.updated', permission: 'tickets:read', data: (e) => ({ ...at(e), ticketId: e.ticketId, number: e.number, status: e.status, severity: e.severity ?? null, change: e.change }) },
  'charger.booted': { name: 'charger.booted', permission: 'chargers:read', data: (e) => ({ ...at(e), registration: e.registration, reason: e.reason ?? null, firmwareVersion: e.identity.firmwareVersion ?? null }) },
};

/** The event types the live feed carries. */
export const LIVE_EVENT_TYPES = Object.keys(LIVE_EVENTS) as DomainEventType[];

export function liveEventOf(e: DomainEvent): { name: string; permission: Permission; data: Record<string, unknown> } | undefined {
  const m = LIVE_EVENTS[e.type] as LiveMapping<DomainEventType> | undefined;
  return m ? { name: m.name, permission: m.permission, data: m.data(e as never) } : undefined;
}
