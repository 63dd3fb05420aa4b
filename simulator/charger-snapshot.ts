import type { ChargerContext } from './charger-context.ts';
import type { ClearsBy, ExpectedSeverity } from './faults/fault-catalogue.ts';
import type { FaultKind } from './faults/fault-spec.ts';
import type { ConnectorStatus, FirmwareStatus, UploadStatus } from './protocol/protocol.ts';

/** A charger's state as tests and the demo read it (plain data). */
export interface ChargerSnapshot {
  id: string;
  ocppVersion: string;
  connected: boolean;
  booted: boolean;
  rebooting: boolean;
  dead: boolean;
  firmwareVersion: string;
  firmwareStatus: FirmwareStatus;
  uploadStatus: UploadStatus;
  heartbeatIntervalS: number;
  stationStatus: ConnectorStatus;
  connectors: Array<{
    connectorId: number;
    evseId: number;
    evseConnectorId: number;
    status: ConnectorStatus;
    errorCode: string | undefined;
    operative: boolean;
    energyWh: number;
    powerW: number;
    temperatureC: number;
    socPct: number | undefined;
    session: { transactionId: string | undefined; idTag: string; energyWh: number } | undefined;
  }>;
  faults: Array<{ faultId: string; kind: FaultKind; connectorId: number; clearsBy: ClearsBy; expectedSeverity: ExpectedSeverity }>;
  config: Record<string, string>;
  queuedMessages: number;
  messagesSent: number;
}

export function snapshotOf(ctx: ChargerContext, firmwareStatus: FirmwareStatus, uploadStatus: UploadStatus): ChargerSnapshot {
  const { model: state, settings, connection, messenger, config } = ctx;
  return {
    id: config.id,
    ocppVersion: config.ocppVersion,
    connected: connection.isOpen,
    booted: state.bootAccepted,
    rebooting: state.rebooting,
    dead: state.dead,
    firmwareVersion: state.firmwareVersion,
    firmwareStatus,
    uploadStatus,
    heartbeatIntervalS: settings.int('heartbeatInterval'),
    stationStatus: state.statusOf(0),
    connectors: state.connectors.map((c) => {
      const r = c.meter.read();
      return {
        connectorId: c.ref.flatId,
        evseId: c.ref.evseId,
        evseConnectorId: c.ref.connectorId,
        status: state.statusOf(c.ref.flatId),
        errorCode: state.errorOf(c.ref.flatId)?.errorCode,
        operative: c.operative,
        energyWh: r.energyWh,
        powerW: r.powerW,
        temperatureC: r.temperatureC,
        socPct: r.socPct,
        session: c.session ? { transactionId: c.session.transactionId, idTag: c.session.idTag, energyWh: r.energyWh - c.session.meterStartWh } : undefined,
      };
    }),
    faults: [...state.faults.values()].map((f) => ({ faultId: f.id, kind: f.spec.kind, connectorId: f.connector.flatId, clearsBy: f.clearsBy, expectedSeverity: f.severity })),
    config: settings.snapshot(),
    queuedMessages: messenger.queued,
    messagesSent: messenger.sent,
  };
}
