import type { TelemetryStore } from '../../telemetry/types.ts';
import type { ChargerId, ChargerIdentity, ConnectorRef, ConnectorStatus, Fault, MeterSample } from '../domain/charger.ts';
import type { DeviceReport } from '../domain/events.ts';
import type { EventBus } from '../event-bus.ts';
import type { BootDecision, ChargerRegistry } from './charger-registry.ts';
import type { ConnectorStatusTracker } from './connector-status.ts';
import type { TransactionService } from './transactions.ts';

export interface AuthorizationDecision {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'Unknown';
}

/**
 * What the gateway's version adapters hand to the domain, in neutral terms: one method per thing a
 * charger can tell us. Methods that answer the charger return the decision; the rest are fire-and-forget
 * on the hot path (meter values and heartbeats never wait for the database).
 */
export class ChargerInbox {
  constructor(
    private readonly registry: ChargerRegistry,
    private readonly statuses: ConnectorStatusTracker,
    private readonly transactions: TransactionService,
    private readonly telemetry: TelemetryStore,
    private readonly bus: EventBus,
  ) {}

  /** Every inbound message: the charger is alive. */
  seen(chargerId: ChargerId): void {
    this.registry.touch(chargerId);
  }

  boot(chargerId: ChargerId, identity: ChargerIdentity, reason: string | undefined): Promise<BootDecision> {
    return this.registry.boot(chargerId, identity, reason);
  }

  status(chargerId: ChargerId, connector: ConnectorRef, status: ConnectorStatus, fault: Fault | undefined, at: Date): Promise<void> {
    return this.statuses.report(chargerId, connector, status, fault, at);
  }

  meterValues(chargerId: ChargerId, connector: ConnectorRef, samples: MeterSample[], transactionId: string | undefined): void {
    if (samples.length === 0) return;
    this.telemetry.writeMeter(chargerId, connector.evseId, connector.connectorId, samples);
    this.bus.publish({ type: 'meter.values', chargerId, at: samples[0]!.ts, connector, samples, transactionId });
  }

  /** No local authorisation list yet: every token is accepted (charging is not what we manage). */
  authorize(_chargerId: ChargerId, _idToken: string): Promise<AuthorizationDecision> {
    return Promise.resolve({ status: 'Accepted' });
  }

  startTransaction(chargerId: ChargerId, connector: ConnectorRef, idToken: string | undefined, meterStartWh: number | undefined, at: Date): Promise<number> {
    return this.transactions.startAssigned(chargerId, connector, idToken, meterStartWh, at);
  }

  transactionReported(chargerId: ChargerId, connector: ConnectorRef, transactionId: string, idToken: string | undefined, meterStartWh: number | undefined, at: Date): Promise<void> {
    return this.transactions.startReported(chargerId, connector, transactionId, idToken, meterStartWh, at);
  }

  endTransaction(chargerId: ChargerId, transactionId: string, meterStopWh: number | undefined, reason: string | undefined, at: Date): Promise<void> {
    return this.transactions.end(chargerId, transactionId, meterStopWh, reason, at);
  }

  faultReported(chargerId: ChargerId, connector: ConnectorRef, fault: Fault, at: Date): void {
    this.bus.publish({ type: 'fault.reported', chargerId, at, connector, fault });
  }

  faultCleared(chargerId: ChargerId, connector: ConnectorRef, fault: Pick<Fault, 'source' | 'code'>, at: Date): void {
    this.bus.publish({ type: 'fault.cleared', chargerId, at, connector, fault });
  }

  transferStatus(chargerId: ChargerId, flow: 'firmware' | 'log', status: string, requestId: number | undefined, at: Date): void {
    this.bus.publish({ type: flow === 'firmware' ? 'firmware.status' : 'log.status', chargerId, at, status, requestId });
  }

  deviceReport(report: Omit<DeviceReport, 'type'>): void {
    this.bus.publish({ type: 'device.report', ...report });
  }

  dataTransfer(chargerId: ChargerId, vendorId: string, messageId: string | undefined, data: unknown, at: Date): void {
    this.bus.publish({ type: 'data.transfer', chargerId, at, vendorId, messageId, data });
  }
}
