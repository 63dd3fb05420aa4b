import type { ChargerConfig } from '../config.ts';
import type { ErrorCode16 } from '../faults/fault-catalogue.ts';
import type { MeterReading } from '../meter.ts';
import type { SettingDef, SettingsStore } from '../settings.ts';

// The seam between version-neutral behaviour (virtual-charger.ts and friends) and the per-version
// message modules (v16.ts, v2.ts). Behaviour speaks these types; only the modules know OCPP shapes.

export type BootReason = 'PowerUp' | 'RemoteReset' | 'FirmwareUpdate' | 'Triggered' | 'LocalReset' | 'Watchdog';

/** 1.6 ChargePointStatus; 2.x collapses Preparing…Finishing into Occupied. */
export type ConnectorStatus =
  | 'Available' | 'Preparing' | 'Charging' | 'SuspendedEVSE' | 'SuspendedEV' | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';

/** flatId is the 1.6 connectorId (0 = the whole charger); evseId/connectorId the 2.x address. */
export interface ConnectorRef {
  flatId: number;
  evseId: number;
  connectorId: number;
}

export interface StatusError {
  errorCode: ErrorCode16;
  vendorId?: string | undefined;
  vendorErrorCode?: string | undefined;
  info?: string | undefined;
}

export interface StatusReport {
  connector: ConnectorRef;
  status: ConnectorStatus;
  /** 1.6 only: the error being reported with the status (undefined = NoError) */
  error: StatusError | undefined;
}

/** A 2.x device-model event (NotifyEvent eventData). */
export interface DeviceEvent {
  eventId: number;
  trigger: 'Alerting' | 'Delta';
  component: string;
  variable: string;
  evse?: { id: number; connectorId?: number } | undefined;
  actualValue: string;
  techCode?: string | undefined;
  techInfo?: string | undefined;
  cleared?: boolean | undefined;
  cause?: number | undefined;
  transactionId?: string | undefined;
}

export interface Outbound {
  action: string;
  payload: object;
}

export interface SessionView {
  connector: ConnectorRef;
  idTag: string;
  /** 2.x: the charger's UUID; 1.6: the CSMS's integer as text, once StartTransaction is answered */
  transactionId: string | undefined;
  startedAt: Date;
  meterStartWh: number;
  remoteStartId: number | undefined;
  /** 2.x IdTokenEnumType of idTag */
  idTokenType: string;
  /** 2.x TransactionEvent seqNo, incremented per message */
  seqNo: number;
}

export type TxTrigger = 'Authorized' | 'Deauthorized' | 'MeterValuePeriodic' | 'Trigger' | 'StopAuthorized' | 'RemoteStop' | 'EVDeparted' | 'ResetCommand' | 'UnlockCommand' | 'AbnormalCondition';
export type StopReason = 'Local' | 'Remote' | 'EVDisconnected' | 'SoftReset' | 'HardReset' | 'UnlockCommand' | 'PowerLoss' | 'Other' | 'DeAuthorized' | 'EmergencyStop';

export interface TxMessage {
  /** MeterValuesSampledData / TxUpdatedMeasurands at the time of the event */
  measurands: string;
  kind: 'started' | 'updated' | 'ended';
  session: SessionView;
  reading: MeterReading;
  at: Date;
  trigger: TxTrigger;
  stopReason?: StopReason | undefined;
  /** generated while offline (2.x TransactionEvent.offline) */
  offline: boolean;
  /** the 2.x seqNo fixed when the event happened */
  seqNo: number;
}

export type FirmwareStatus =
  | 'Idle' | 'DownloadScheduled' | 'Downloading' | 'Downloaded' | 'DownloadFailed' | 'SignatureVerified'
  | 'Installing' | 'InstallRebooting' | 'Installed' | 'InstallationFailed';
export type UploadStatus = 'Idle' | 'Uploading' | 'Uploaded' | 'UploadFailed' | 'AcceptedCanceled';
export type UploadKind = 'diagnostics' | 'log';
export type TriggerTarget =
  | 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues' | 'FirmwareStatusNotification'
  | 'DiagnosticsStatusNotification' | 'LogStatusNotification' | 'TransactionEvent';

export interface FirmwareRequest {
  location: string;
  retrieveAt: Date;
  retries: number;
  retryIntervalS: number;
  requestId: number | undefined;
}

export interface LogRequest {
  kind: UploadKind;
  location: string;
  from: Date | undefined;
  to: Date | undefined;
  retries: number;
  retryIntervalS: number;
  requestId: number | undefined;
}

/** What a CSMS command can ask of the charger, in neutral terms. Implemented by charger-commands.ts. */
export interface ChargerPort {
  readonly config: ChargerConfig;
  readonly settings: SettingsStore;
  readonly connectors: readonly ConnectorRef[];
  /** BootNotification has been Accepted since the last (re)boot */
  readonly bootAccepted: boolean;
  /** the status the connector would report now; undefined = the whole charger */
  connectorStatus(connector: ConnectorRef | undefined): ConnectorStatus;
  connectorByEvse(evseId: number, connectorId: number | undefined): ConnectorRef | undefined;
  reset(kind: 'soft' | 'hard'): 'Accepted' | 'Rejected' | 'Scheduled';
  trigger(target: TriggerTarget, connector: ConnectorRef | undefined): 'Accepted' | 'Rejected' | 'NotImplemented';
  changeSetting(def: SettingDef, value: string): 'Accepted' | 'Rejected' | 'RebootRequired';
  changeAvailability(connector: ConnectorRef | undefined, operative: boolean): 'Accepted' | 'Rejected' | 'Scheduled';
  /** 1.6 stops an ongoing transaction and unlocks; 2.x refuses with OngoingAuthorizedTransaction */
  unlock(connector: ConnectorRef | undefined, stopOngoing: boolean): 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector';
  clearCache(): 'Accepted' | 'Rejected';
  dataTransfer(vendorId: string, messageId: string | undefined, data: unknown): { status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId'; data?: string };
  updateFirmware(request: FirmwareRequest): 'Accepted' | 'Rejected';
  uploadLog(request: LogRequest): { status: 'Accepted' | 'Rejected' | 'AcceptedCanceled'; fileName: string };
  remoteStart(connector: ConnectorRef | undefined, idTag: string, remoteStartId: number | undefined): { accepted: boolean; transactionId: string | undefined };
  remoteStop(transactionId: string): boolean;
  /** Sends CALLs once the answer to the current CSMS call has gone out (e.g. NotifyReport after GetBaseReport). */
  sendAfterReply(messages: Outbound[]): void;
}

export type CommandHandler = (params: unknown) => object | Promise<object>;

export interface BootAnswer {
  status: 'Accepted' | 'Pending' | 'Rejected';
  intervalS: number;
}

export interface TxAnswer {
  /** 1.6 StartTransaction gives the id */
  transactionId?: string | undefined;
  /** idTagInfo / idTokenInfo status, when the answer carries one */
  authorized: boolean | undefined;
}

/** One OCPP version's message shapes. */
export interface ProtocolModule {
  readonly version: ChargerConfig['ocppVersion'];
  boot(config: ChargerConfig, firmwareVersion: string, reason: BootReason): Outbound;
  parseBootAnswer(raw: unknown): BootAnswer;
  heartbeat(): Outbound;
  status(report: StatusReport, at: Date): Outbound | undefined;
  /** 2.x NotifyEvent; 1.6 has none (its faults ride on StatusNotification) */
  events(events: DeviceEvent[], at: Date): Outbound | undefined;
  securityEvent(type: string, techInfo: string | undefined, at: Date): Outbound;
  transaction(message: TxMessage): Outbound;
  parseTransactionAnswer(message: TxMessage, raw: unknown): TxAnswer;
  /** a triggered or periodic sample outside a transaction */
  meterValues(connector: ConnectorRef, reading: MeterReading, at: Date, context: 'Trigger' | 'Sample.Periodic', measurands: string): Outbound;
  firmwareStatus(status: FirmwareStatus, requestId: number | undefined): Outbound;
  uploadStatus(status: UploadStatus, kind: UploadKind, requestId: number | undefined): Outbound;
  handlers(port: ChargerPort): Map<string, CommandHandler>;
}
