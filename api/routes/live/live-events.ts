import type { DomainEvent, DomainEventType, EventOf } from '../../../core/domain/events.ts';
import type { Permission } from '../../../core/users/permissions.ts';

// What the live feed sends, for whom: one line per domain event. A caller receives an event only with
// the permission named here. ticket.* and command.* join this table with their domain events.

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
  'charger.connected': { name: 'charger.online', permission: 'chargers:read', data: (e) => ({ ...at(e), ocppVersion: e.ocppVersion }) },
  'charger.disconnected': { name: 'charger.disconnected', permission: 'chargers:read', data: (e) => ({ ...at(e), code: e.code ?? null, reason: e.reason ?? null }) },
  'charger.offline': { name: 'charger.offline', permission: 'chargers:read', data: (e) => ({ ...at(e), lastSeenAt: e.lastSeenAt.toISOString() }) },
  'charger.booted': { name: 'charger.booted', permission: 'chargers:read', data: (e) => ({ ...at(e), registration: e.registration, reason: e.reason ?? null, firmwareVersion: e.identity.firmwareVersion ?? null }) },
};

export function liveEventOf(e: DomainEvent): { name: string; permission: Permission; data: Record<string, unknown> } | undefined {
  const m = LIVE_EVENTS[e.type] as LiveMapping<DomainEventType> | undefined;
  return m ? { name: m.name, permission: m.permission, data: m.data(e as never) } : undefined;
}
