import type { ChargerIdentity, ConnectorRef, ConnectorStatus, Fault, MeterSample } from '../../core/domain/charger.ts';
import { toBaseUnit, toDate } from './units.ts';

// OCPP 1.6 ⇄ domain translation. Only translation: no I/O, no state (EVerest's conversions.hpp style).
// Payloads have passed strict validation against the official 1.6 schemas before they reach these.

export interface BootNotification16 {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
}

export interface StatusNotification16 {
  connectorId: number;
  errorCode: string;
  status: string;
  info?: string;
  timestamp?: string;
  vendorId?: string;
  vendorErrorCode?: string;
}

export interface SampledValue16 {
  value: string;
  context?: string;
  format?: 'Raw' | 'SignedData';
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue16 {
  timestamp: string;
  sampledValue: SampledValue16[];
}

/** 1.6 connector N is EVSE N / connector 1; connector 0 is the charger as a whole (EVSE 0 / connector 0). */
export function toDomainConnector(connectorId: number): ConnectorRef {
  return connectorId === 0 ? { evseId: 0, connectorId: 0 } : { evseId: connectorId, connectorId: 1 };
}

export function toOcppConnectorId(ref: ConnectorRef): number {
  return ref.evseId;
}

export function toDomainIdentity(p: BootNotification16): ChargerIdentity {
  return {
    vendor: p.chargePointVendor,
    model: p.chargePointModel,
    serialNumber: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber,
    firmwareVersion: p.firmwareVersion,
  };
}

/** 1.6 ChargePointStatus is a superset of ours but for 2.x's Occupied; the names are the same. */
export function toDomainStatus(status: string): ConnectorStatus {
  return status as ConnectorStatus;
}

/**
 * A 1.6 errorCode other than NoError is a fault. vendorErrorCode comes with vendorId (e.g. ChargeX MREC
 * "CX002" under vendorId "org.chargex.mrec"); the catalogue keys on both. NoError with a vendor code is
 * informational (1.6 §4.9: "status notification without an error") and not a fault.
 */
export function toDomainFault(p: StatusNotification16): Fault | undefined {
  if (p.errorCode === 'NoError') return undefined;
  return { source: 'status', code: p.errorCode, vendorId: p.vendorId, vendorCode: p.vendorErrorCode, info: p.info };
}

const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';
const DEFAULT_UNIT: Record<string, string> = { 'Energy.Active.Import.Register': 'Wh' };

/** SignedData values and values that are not numbers are skipped: they cannot be trended. */
export function toDomainSamples(meterValues: readonly MeterValue16[], receivedAt: Date): MeterSample[] {
  const out: MeterSample[] = [];
  for (const mv of meterValues) {
    const ts = toDate(mv.timestamp, receivedAt);
    for (const sv of mv.sampledValue) {
      if (sv.format === 'SignedData') continue;
      const raw = Number(sv.value);
      if (sv.value.trim() === '' || !Number.isFinite(raw)) continue;
      const measurand = sv.measurand ?? DEFAULT_MEASURAND;
      const { value, unit } = toBaseUnit(raw, sv.unit ?? DEFAULT_UNIT[measurand]);
      out.push({ measurand, value, unit, phase: sv.phase, location: sv.location, context: sv.context, ts });
    }
  }
  return out;
}
