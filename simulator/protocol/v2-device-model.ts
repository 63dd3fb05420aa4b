import { SETTINGS, type SettingDef } from '../settings.ts';
import type { ChargerPort, ConnectorRef, ConnectorStatus } from './protocol.ts';

// The 2.0.1/2.1 device-model subset this charger exposes (OCPP 2.0.1 part 2, appendix 3 names): the
// settings table's v2 variables plus per-EVSE and per-connector read-only state. B07 (GetBaseReport),
// B06 (GetVariables), B05 (SetVariables).

export interface ModelVariable {
  component: string;
  evse?: { id: number; connectorId?: number } | undefined;
  variable: string;
  instance?: string | undefined;
  mutability: 'ReadOnly' | 'ReadWrite' | 'WriteOnly';
  dataType: 'string' | 'decimal' | 'integer' | 'boolean' | 'OptionList' | 'MemberList';
  unit?: string | undefined;
  minLimit?: number | undefined;
  maxLimit?: number | undefined;
  valuesList?: string | undefined;
  setting?: SettingDef | undefined;
  read(): string;
}

/** 2.x ConnectorStatusEnumType collapses 1.6's Preparing…Finishing into Occupied. */
export function connectorStatus2(status: ConnectorStatus): 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted' {
  switch (status) {
    case 'Available':
    case 'Reserved':
    case 'Unavailable':
    case 'Faulted':
      return status;
    default:
      return 'Occupied';
  }
}

const MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC';
const AVAILABILITY = 'Available,Occupied,Reserved,Unavailable,Faulted';

export function deviceModel(port: ChargerPort): ModelVariable[] {
  const vars: ModelVariable[] = SETTINGS.filter((d) => d.v2).map((d) => ({
    component: d.v2!.component,
    variable: d.v2!.variable,
    instance: d.v2!.instance,
    mutability: d.mutability,
    dataType: d.type === 'csl' ? 'MemberList' : d.type,
    unit: d.unit,
    minLimit: d.min,
    maxLimit: d.max,
    valuesList: d.type === 'csl' ? MEASURANDS : undefined,
    setting: d,
    read: () => port.settings.get(d.name),
  }));
  const availability = (c: ConnectorRef | undefined) => () => connectorStatus2(port.connectorStatus(c));
  vars.push({ component: 'ChargingStation', variable: 'AvailabilityState', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: AVAILABILITY, read: availability(undefined) });
  port.config.evses.forEach((evse, i) => {
    const evseId = i + 1;
    const first = port.connectors.find((c) => c.evseId === evseId);
    vars.push(
      { component: 'EVSE', evse: { id: evseId }, variable: 'AvailabilityState', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: AVAILABILITY, read: availability(first) },
      { component: 'EVSE', evse: { id: evseId }, variable: 'Power', mutability: 'ReadOnly', dataType: 'decimal', unit: 'W', maxLimit: evse.maxPowerW, read: () => '0' },
      { component: 'EVSE', evse: { id: evseId }, variable: 'SupplyPhases', mutability: 'ReadOnly', dataType: 'integer', read: () => String(evse.currentType === 'DC' ? 0 : evse.phases) },
    );
    for (const c of port.connectors.filter((x) => x.evseId === evseId)) {
      vars.push(
        { component: 'Connector', evse: { id: evseId, connectorId: c.connectorId }, variable: 'AvailabilityState', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: AVAILABILITY, read: availability(c) },
        { component: 'Connector', evse: { id: evseId, connectorId: c.connectorId }, variable: 'ConnectorType', mutability: 'ReadOnly', dataType: 'string', read: () => (evse.currentType === 'DC' ? 'cCCS2' : 'cType2') },
      );
    }
  });
  return vars;
}

export interface ComponentAddress {
  name: string;
  instance?: string | undefined;
  evse?: { id: number; connectorId?: number | undefined } | undefined;
}
export interface VariableAddress {
  name: string;
  instance?: string | undefined;
}

export type Lookup = { found: ModelVariable } | { status: 'UnknownComponent' | 'UnknownVariable' };

export function lookup(model: ModelVariable[], component: ComponentAddress, variable: VariableAddress): Lookup {
  const sameComponent = model.filter(
    (v) =>
      v.component === component.name &&
      (v.evse?.id ?? undefined) === (component.evse?.id ?? undefined) &&
      (v.evse?.connectorId ?? undefined) === (component.evse?.connectorId ?? undefined),
  );
  if (sameComponent.length === 0) return { status: 'UnknownComponent' };
  const found = sameComponent.find((v) => v.variable === variable.name && (v.instance ?? undefined) === (variable.instance ?? undefined));
  return found ? { found } : { status: 'UnknownVariable' };
}

export function reportData(v: ModelVariable) {
  return {
    component: { name: v.component, ...(v.evse ? { evse: v.evse } : {}) },
    variable: { name: v.variable, ...(v.instance ? { instance: v.instance } : {}) },
    variableAttribute: [{
      type: 'Actual',
      ...(v.mutability === 'WriteOnly' ? {} : { value: v.read().slice(0, 2500) }),
      mutability: v.mutability,
      persistent: true,
      constant: false,
    }],
    variableCharacteristics: {
      dataType: v.dataType,
      supportsMonitoring: false,
      ...(v.unit ? { unit: v.unit } : {}),
      ...(v.minLimit !== undefined ? { minLimit: v.minLimit } : {}),
      ...(v.maxLimit !== undefined ? { maxLimit: v.maxLimit } : {}),
      ...(v.valuesList ? { valuesList: v.valuesList } : {}),
    },
  };
}
