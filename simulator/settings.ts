import type { ChargerConfig } from './config.ts';

// The charger's configuration in one version-neutral table: each setting has its 1.6 key (core profile,
// OCPP 1.6 §9.1, plus the security whitepaper's keys) and its 2.0.1/2.1 device-model component/variable.
// Only changed values are stored per charger; defaults come from the table and the charger's config.

export type SettingType = 'integer' | 'boolean' | 'string' | 'csl';
export type Mutability = 'ReadOnly' | 'ReadWrite' | 'WriteOnly';

export interface SettingDef {
  name: string;
  type: SettingType;
  mutability: Mutability;
  min?: number;
  max?: number;
  unit?: string;
  /** 1.6 configuration key, if the setting exists in 1.6 */
  key16?: string;
  /** 2.x device-model address, if the setting exists in 2.x */
  v2?: { component: string; variable: string; instance?: string; evse?: boolean };
  /** changing it needs a reboot to take effect */
  rebootRequired?: boolean;
  initial(config: ChargerConfig): string;
}

// 2.0.1/2.1 have no Temperature measurand (MeasurandEnumType); 2.x chargers report temperature through
// NotifyEvent on TemperatureSensor instead (see v2.ts).
const measurands = (c: ChargerConfig): string =>
  c.ocppVersion === '1.6'
    ? 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,Temperature,SoC'
    : 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC';

export const SETTINGS: readonly SettingDef[] = [
  { name: 'heartbeatInterval', type: 'integer', mutability: 'ReadWrite', min: 1, max: 86_400, unit: 's', key16: 'HeartbeatInterval', v2: { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }, initial: (c) => String(c.heartbeatIntervalS) },
  { name: 'meterValueSampleInterval', type: 'integer', mutability: 'ReadWrite', min: 0, max: 86_400, unit: 's', key16: 'MeterValueSampleInterval', v2: { component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' }, initial: (c) => String(c.meterValueSampleIntervalS) },
  { name: 'meterValuesSampledData', type: 'csl', mutability: 'ReadWrite', key16: 'MeterValuesSampledData', v2: { component: 'SampledDataCtrlr', variable: 'TxUpdatedMeasurands' }, initial: measurands },
  { name: 'connectionTimeOut', type: 'integer', mutability: 'ReadWrite', min: 1, max: 3600, unit: 's', key16: 'ConnectionTimeOut', v2: { component: 'TxCtrlr', variable: 'EVConnectionTimeOut' }, initial: () => '60' },
  { name: 'webSocketPingInterval', type: 'integer', mutability: 'ReadWrite', min: 0, max: 3600, unit: 's', key16: 'WebSocketPingInterval', v2: { component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval' }, rebootRequired: true, initial: (c) => String(c.webSocketPingIntervalS) },
  { name: 'transactionMessageAttempts', type: 'integer', mutability: 'ReadWrite', min: 0, max: 10, key16: 'TransactionMessageAttempts', v2: { component: 'OCPPCommCtrlr', variable: 'MessageAttempts', instance: 'TransactionEvent' }, initial: (c) => String(c.transactionMessageAttempts) },
  { name: 'transactionMessageRetryInterval', type: 'integer', mutability: 'ReadWrite', min: 0, max: 3600, unit: 's', key16: 'TransactionMessageRetryInterval', v2: { component: 'OCPPCommCtrlr', variable: 'MessageAttemptInterval', instance: 'TransactionEvent' }, initial: () => '10' },
  { name: 'resetRetries', type: 'integer', mutability: 'ReadWrite', min: 0, max: 10, key16: 'ResetRetries', v2: { component: 'OCPPCommCtrlr', variable: 'ResetRetries' }, initial: () => '2' },
  { name: 'offlineThreshold', type: 'integer', mutability: 'ReadWrite', min: 0, max: 86_400, unit: 's', v2: { component: 'OCPPCommCtrlr', variable: 'OfflineThreshold' }, initial: () => '300' },
  { name: 'stopTxOnEVSideDisconnect', type: 'boolean', mutability: 'ReadOnly', key16: 'StopTransactionOnEVSideDisconnect', v2: { component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' }, initial: () => 'true' },
  { name: 'authorizeRemoteStart', type: 'boolean', mutability: 'ReadWrite', key16: 'AuthorizeRemoteTxRequests', v2: { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }, initial: () => 'false' },
  { name: 'localPreAuthorize', type: 'boolean', mutability: 'ReadWrite', key16: 'LocalPreAuthorize', v2: { component: 'AuthCtrlr', variable: 'LocalPreAuthorize' }, initial: () => 'false' },
  { name: 'localAuthorizeOffline', type: 'boolean', mutability: 'ReadWrite', key16: 'LocalAuthorizeOffline', v2: { component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline' }, initial: () => 'true' },
  { name: 'authCacheEnabled', type: 'boolean', mutability: 'ReadWrite', key16: 'AuthorizationCacheEnabled', v2: { component: 'AuthCacheCtrlr', variable: 'Enabled' }, initial: () => 'true' },
  { name: 'numberOfConnectors', type: 'integer', mutability: 'ReadOnly', key16: 'NumberOfConnectors', initial: (c) => String(c.evses.reduce((n, e) => n + e.connectors, 0)) },
  { name: 'supportedFeatureProfiles', type: 'csl', mutability: 'ReadOnly', key16: 'SupportedFeatureProfiles', initial: () => 'Core,FirmwareManagement,RemoteTrigger' },
  { name: 'getConfigurationMaxKeys', type: 'integer', mutability: 'ReadOnly', key16: 'GetConfigurationMaxKeys', initial: () => '50' },
  { name: 'itemsPerMessageGetReport', type: 'integer', mutability: 'ReadOnly', v2: { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'GetReport' }, initial: () => '8' },
  { name: 'itemsPerMessageGetVariables', type: 'integer', mutability: 'ReadOnly', v2: { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'GetVariables' }, initial: () => '32' },
  { name: 'securityProfile', type: 'integer', mutability: 'ReadOnly', key16: 'SecurityProfile', v2: { component: 'SecurityCtrlr', variable: 'SecurityProfile' }, initial: (c) => String(c.security.profile) },
  { name: 'basicAuthPassword', type: 'string', mutability: 'WriteOnly', key16: 'AuthorizationKey', v2: { component: 'SecurityCtrlr', variable: 'BasicAuthPassword' }, initial: (c) => c.security.password ?? '' },
  { name: 'model', type: 'string', mutability: 'ReadOnly', v2: { component: 'ChargingStation', variable: 'Model' }, initial: (c) => c.model },
  { name: 'vendorName', type: 'string', mutability: 'ReadOnly', v2: { component: 'ChargingStation', variable: 'VendorName' }, initial: (c) => c.vendor },
  { name: 'serialNumber', type: 'string', mutability: 'ReadOnly', v2: { component: 'ChargingStation', variable: 'SerialNumber' }, initial: (c) => c.serialNumber ?? c.id.slice(0, 25) },
  { name: 'supplyPhases', type: 'integer', mutability: 'ReadOnly', v2: { component: 'ChargingStation', variable: 'SupplyPhases' }, initial: (c) => String(Math.max(...c.evses.map((e) => (e.currentType === 'DC' ? 0 : e.phases)))) },
];

export const SETTING_BY_NAME = new Map(SETTINGS.map((s) => [s.name, s]));

export type SetResult = 'Accepted' | 'Rejected' | 'RebootRequired';

/** A charger's current values: only overrides are stored. */
export class SettingsStore {
  private overrides: Map<string, string> | undefined;

  constructor(private readonly config: ChargerConfig) {}

  get(name: string): string {
    const def = SETTING_BY_NAME.get(name);
    if (!def) throw new Error(`unknown setting ${name}`);
    return this.overrides?.get(name) ?? def.initial(this.config);
  }

  int(name: string): number {
    return Number.parseInt(this.get(name), 10);
  }

  /** Validates and stores a value the CSMS sent (read-only settings are refused). */
  set(def: SettingDef, value: string): SetResult {
    if (def.mutability === 'ReadOnly' || !isValid(def, value)) return 'Rejected';
    (this.overrides ??= new Map()).set(def.name, normalise(def, value));
    return def.rebootRequired ? 'RebootRequired' : 'Accepted';
  }

  /** Sets a value from the charger's own side (e.g. the heartbeat interval from BootNotification). */
  setInternal(name: string, value: string): void {
    (this.overrides ??= new Map()).set(name, value);
  }

  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const def of SETTINGS) if (def.mutability !== 'WriteOnly') out[def.name] = this.get(def.name);
    return out;
  }
}

function isValid(def: SettingDef, value: string): boolean {
  switch (def.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value.trim())) return false;
      const n = Number.parseInt(value, 10);
      return (def.min === undefined || n >= def.min) && (def.max === undefined || n <= def.max);
    }
    case 'boolean':
      return /^(true|false)$/i.test(value.trim());
    case 'csl':
      return value.length <= 500;
    case 'string':
      return value.length > 0 && value.length <= 500;
  }
}

function normalise(def: SettingDef, value: string): string {
  if (def.type === 'boolean') return value.trim().toLowerCase();
  if (def.type === 'integer') return String(Number.parseInt(value, 10));
  return value;
}
