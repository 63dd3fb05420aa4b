import type { ChargerIdentity, ConnectorRef, ConnectorStatus, Fault, MeterSample } from '../../core/domain/charger.ts';
import { toBaseUnit, toDate } from './units.ts';

// OCPP 2.0.1 / 2.1 ⇄ domain translation. Only translation: no I/O, no state. The messages handled here
// have the same shape in 2.0.1 and 2.1.

export interface BootNotification2 {
  reason: string;
  chargingStation: { model: string; vendorName: string; serialNumber?: string; firmwareVersion?: string };
}

export interface StatusNotification2 {
  timestamp: string;
  connectorStatus: string;
  evseId: number;
  connectorId: number;
}

export interface SampledValue2 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

export interface MeterValue2 {
  timestamp: string;
  sampledValue: SampledValue2[];
}

export interface EventData2 {
  eventId: number;
  timestamp: string;
  trigger: string;
  actualValue: string;
  techCode?: string;
  techInfo?: string;
  cleared?: boolean;
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

export function toDomainIdentity(p: BootNotification2): ChargerIdentity {
  return {
    vendor: p.chargingStation.vendorName,
    model: p.chargingStation.model,
    serialNumber: p.chargingStation.serialNumber,
    firmwareVersion: p.chargingStation.firmwareVersion,
  };
}

export function toDomainStatus(status: string): ConnectorStatus {
  return status as ConnectorStatus;
}

/** 2.x StatusNotification has no error code: Faulted is the fault, details follow in NotifyEvent. */
export function toDomainStatusFault(p: StatusNotification2): Fault | undefined {
  return p.connectorStatus === 'Faulted' ? { source: 'status', code: 'Faulted' } : undefined;
}

/** A component's EVSE/connector; components without an EVSE concern the whole charger. */
export function toDomainConnector(evse: { id: number; connectorId?: number } | undefined): ConnectorRef {
  return evse ? { evseId: evse.id, connectorId: evse.connectorId ?? 0 } : { evseId: 0, connectorId: 0 };
}

export function toDomainSamples(meterValues: readonly MeterValue2[], receivedAt: Date): MeterSample[] {
  const out: MeterSample[] = [];
  for (const mv of meterValues) {
    const ts = toDate(mv.timestamp, receivedAt);
    for (const sv of mv.sampledValue) {
      if (!Number.isFinite(sv.value)) continue;
      const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
      const { value, unit } = toBaseUnit(sv.value, sv.unitOfMeasure?.unit ?? (measurand.startsWith('Energy.Active') ? 'Wh' : undefined), sv.unitOfMeasure?.multiplier ?? 0);
      out.push({ measurand, value, unit, phase: sv.phase, location: sv.location, context: sv.context, ts });
    }
  }
  return out;
}

/** What a NotifyEvent datum means for us. */
export type EventMeaning =
  | { kind: 'fault'; connector: ConnectorRef; fault: Fault; at: Date }
  | { kind: 'cleared'; connector: ConnectorRef; fault: Pick<Fault, 'source' | 'code'>; at: Date }
  | { kind: 'reading'; connector: ConnectorRef; sample: MeterSample }
  | { kind: 'other' };

/**
 * 2.0.1 part 2 §N07 (alert event) and the device model: a component's `Problem` variable set to true is a
 * fault, `cleared: true` or Problem=false clears it. The fault class is "Component/Variable" plus the
 * vendor's techCode. Numeric readings (e.g. a monitored Temperature — 2.0.1 has no Temperature measurand)
 * become telemetry samples.
 */
export function toDomainEvent(e: EventData2, receivedAt: Date): EventMeaning {
  const at = toDate(e.timestamp, receivedAt);
  const connector = toDomainConnector(e.component.evse);
  const code = `${e.component.name}/${e.variable.name}`;
  const isProblem = e.variable.name === 'Problem' || e.trigger === 'Alerting';
  if (isProblem && (e.cleared === true || e.actualValue.toLowerCase() === 'false')) {
    return { kind: 'cleared', connector, fault: { source: 'event', code }, at };
  }
  if (e.variable.name === 'Problem' && e.actualValue.toLowerCase() === 'true') {
    return { kind: 'fault', connector, fault: { source: 'event', code, vendorCode: e.techCode, info: e.techInfo }, at };
  }
  const n = Number(e.actualValue);
  if (e.actualValue.trim() !== '' && Number.isFinite(n)) {
    return {
      kind: 'reading',
      connector,
      sample: { measurand: e.variable.name, value: n, location: e.component.name, context: e.trigger, ts: at },
    };
  }
  if (e.trigger === 'Alerting') {
    return { kind: 'fault', connector, fault: { source: 'event', code, vendorCode: e.techCode, info: e.techInfo ?? e.actualValue }, at };
  }
  return { kind: 'other' };
}
