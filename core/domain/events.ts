import type { ChargerId, ChargerIdentity, ConnectorRef, ConnectorStatus, Fault, MeterSample, OcppVersion } from './charger.ts';

// Domain events: what happened at the edge, in version-neutral terms. The gateway's adapters produce
// them; core's handlers (tickets, commands, telemetry, live feed) consume them. In multi-node mode they
// travel through a Redis Stream, so every field is plain JSON-able data (Dates are revived by the bus).

interface Base {
  chargerId: ChargerId;
  /** when it happened (the charger's timestamp where the message carries one) */
  at: Date;
}

export interface ChargerConnected extends Base {
  type: 'charger.connected';
  ocppVersion: OcppVersion;
  remoteAddress: string | undefined;
  nodeId: string;
}
export interface ChargerDisconnected extends Base {
  type: 'charger.disconnected';
  code: number | undefined;
  reason: string | undefined;
}
export interface ChargerBooted extends Base {
  type: 'charger.booted';
  identity: ChargerIdentity;
  /** 2.x BootReason; 1.6 has none */
  reason: string | undefined;
  registration: 'accepted' | 'pending' | 'rejected';
}
/** Silent for longer than the configured multiple of its heartbeat interval. */
export interface ChargerOffline extends Base {
  type: 'charger.offline';
  lastSeenAt: Date;
}
export interface ConnectorStatusChanged extends Base {
  type: 'connector.status';
  connector: ConnectorRef;
  status: ConnectorStatus;
  previous: ConnectorStatus | undefined;
}
export interface MeterValuesReceived extends Base {
  type: 'meter.values';
  connector: ConnectorRef;
  samples: MeterSample[];
  transactionId: string | undefined;
}
export interface TransactionStarted extends Base {
  type: 'transaction.started';
  connector: ConnectorRef;
  transactionId: string;
  idToken: string | undefined;
  meterStartWh: number | undefined;
}
export interface TransactionEnded extends Base {
  type: 'transaction.ended';
  transactionId: string;
  meterStopWh: number | undefined;
  reason: string | undefined;
}
export interface FaultReported extends Base {
  type: 'fault.reported';
  connector: ConnectorRef;
  fault: Fault;
}
export interface FaultCleared extends Base {
  type: 'fault.cleared';
  connector: ConnectorRef;
  /** the cleared fault; `code` undefined = every fault of this connector from that source */
  fault: { source: Fault['source']; code: string | undefined };
}
/** Firmware and log flows (1.6 Firmware/DiagnosticsStatusNotification, 2.x Firmware/LogStatusNotification). */
export interface TransferStatus extends Base {
  type: 'firmware.status' | 'log.status';
  status: string;
  /** 2.x requestId; absent in 1.6 */
  requestId: number | undefined;
}
/** A 2.x device-model report chunk (NotifyReport / NotifyMonitoringReport), kept for command results. */
export interface DeviceReport extends Base {
  type: 'device.report';
  requestId: number;
  seqNo: number;
  tbc: boolean;
  variables: Array<{ component: string; evseId?: number | undefined; variable: string; instance?: string | undefined; value: string | undefined; mutability?: string | undefined }>;
}
/** A charger talks again after it was marked offline (silent or disconnected). */
export interface ChargerOnline extends Base {
  type: 'charger.online';
}
/** A command's record changed (sent, answered, progress, final). */
export interface CommandUpdated extends Base {
  type: 'command.updated';
  commandId: string;
  kind: string;
  status: 'queued' | 'sent' | 'accepted' | 'in_progress' | 'succeeded' | 'rejected' | 'failed' | 'timed_out' | 'expired';
  ticketId: string | undefined;
  requestedBy: string;
}
/** A ticket was created or changed (status, occurrence, diagnosis, escalation, …). */
export interface TicketUpdated extends Base {
  type: 'ticket.updated';
  ticketId: string;
  number: number;
  status: string;
  severity: string | undefined;
  change: 'created' | 'occurrence' | 'status' | 'diagnosis' | 'escalated' | 'reopened' | 'reclassified' | 'sla_warning' | 'sla_breach';
}
export interface DataTransferReceived extends Base {
  type: 'data.transfer';
  vendorId: string;
  messageId: string | undefined;
  data: unknown;
}

export type DomainEvent =
  | ChargerConnected
  | ChargerDisconnected
  | ChargerBooted
  | ChargerOffline
  | ChargerOnline
  | CommandUpdated
  | TicketUpdated
  | ConnectorStatusChanged
  | MeterValuesReceived
  | TransactionStarted
  | TransactionEnded
  | FaultReported
  | FaultCleared
  | TransferStatus
  | DeviceReport
  | DataTransferReceived;

export type DomainEventType = DomainEvent['type'];
/**
 * An event as subscribers receive it: with the id `publish` gave it. Under at-least-once delivery
 * (multi-node) the same event may arrive twice; handlers that write use the id to apply it once.
 */
export type Delivered<E extends DomainEvent = DomainEvent> = E & { readonly id: string };
/** The event(s) carrying type T (an event interface may carry several types, e.g. TransferStatus). */
export type EventOf<T extends DomainEventType> = DomainEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;

/**
 * Events that stay in the process that published them. `meter.values` comes with every MeterValues
 * message; its samples already go to telemetry, and putting each one on the cluster's event stream would
 * add a Redis write per message to the hot path and push fault events out of the bounded stream. Who needs
 * to know that fresh readings arrived reads their timestamps from telemetry (core/diagnosis).
 */
export const NODE_LOCAL_EVENT_TYPES: ReadonlySet<DomainEventType> = new Set<DomainEventType>(['meter.values']);
