// The version-neutral charger model. Only gateway/adapters/* know OCPP message shapes; everything behind
// them speaks these types (ARCHITECTURE.md, "Folders").

export type ChargerId = string;
export type OcppVersion = '1.6' | '2.0.1' | '2.1';
export const OCPP_VERSIONS: readonly OcppVersion[] = ['2.1', '2.0.1', '1.6'];

/**
 * An EVSE and one of its connectors. OCPP 1.6 has no EVSEs: its connector N (N ≥ 1) is EVSE N /
 * connector 1, and its connector 0 (the charger as a whole) is EVSE 0 / connector 0.
 */
export interface ConnectorRef {
  evseId: number;
  connectorId: number;
}
export const WHOLE_CHARGER: ConnectorRef = Object.freeze({ evseId: 0, connectorId: 0 });

/** Union of 1.6 ChargePointStatus and 2.0.x ConnectorStatusEnumType. */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Occupied'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

export interface ChargerIdentity {
  vendor: string;
  model: string;
  serialNumber?: string | undefined;
  firmwareVersion?: string | undefined;
}

export type FaultSeverity = 'safety-critical' | 'high' | 'medium' | 'low' | 'transient';

/** Where a fault report came from; the diagnosis catalogue is keyed by source + code. */
export type FaultSource =
  | 'status' // 1.6 StatusNotification errorCode / 2.0.x Faulted
  | 'event' // 2.0.x NotifyEvent
  | 'security' // SecurityEventNotification
  | 'synthetic'; // raised by the platform: offline, flapping, stuck

export interface Fault {
  source: FaultSource;
  /** 1.6 errorCode, 2.0.x "Component/Variable", security event type, or a synthetic code. */
  code: string;
  vendorId?: string | undefined;
  vendorCode?: string | undefined;
  info?: string | undefined;
}

export interface MeterSample {
  measurand: string;
  value: number;
  unit?: string | undefined;
  phase?: string | undefined;
  location?: string | undefined;
  context?: string | undefined;
  ts: Date;
}
