// OCPP 1.6 CALL payloads the lean load clients send: valid against the official schemas (the gateway runs
// strict mode), built once and reused so the load generator spends its CPU on sockets, not on JSON.

export const BOOT = { chargePointVendor: 'Chargemend', chargePointModel: 'Bench-1', firmwareVersion: '1.0.0' };
export const HEARTBEAT = {};
export const STATUS_AVAILABLE = { connectorId: 1, errorCode: 'NoError', status: 'Available' };

/** One MeterValues with `samples` sampled values (energy, power, then per-phase currents and voltages). */
export function meterValues(samples: number, timestamp = new Date().toISOString()): Record<string, unknown> {
  const all = [
    { measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: '123456.7' },
    { measurand: 'Power.Active.Import', unit: 'W', value: '7200' },
    { measurand: 'Current.Import', phase: 'L1', unit: 'A', value: '31.2' },
    { measurand: 'Current.Import', phase: 'L2', unit: 'A', value: '31.0' },
    { measurand: 'Current.Import', phase: 'L3', unit: 'A', value: '30.9' },
    { measurand: 'Voltage', phase: 'L1-N', unit: 'V', value: '230.1' },
    { measurand: 'Voltage', phase: 'L2-N', unit: 'V', value: '229.8' },
    { measurand: 'Voltage', phase: 'L3-N', unit: 'V', value: '231.0' },
    { measurand: 'SoC', unit: 'Percent', value: '54' },
    { measurand: 'Temperature', unit: 'Celsius', value: '31.5' },
  ];
  const sampledValue = all.slice(0, Math.max(1, Math.min(samples, all.length))).map((s) => ({ ...s, context: 'Sample.Periodic', location: 'Outlet' }));
  return { connectorId: 1, meterValue: [{ timestamp, sampledValue }] };
}

/**
 * What a lean client answers to a CALL from the central system (the diagnosis asks chargers for a fresh
 * status, meter values and their configuration): a minimal valid 1.6 answer, or NotSupported.
 */
export function answerCall(action: string): Record<string, unknown> | undefined {
  switch (action) {
    case 'TriggerMessage':
    case 'ChangeConfiguration':
    case 'Reset':
    case 'ChangeAvailability':
    case 'ClearCache':
      return { status: 'Rejected' };
    case 'UnlockConnector':
      return { status: 'NotSupported' };
    case 'GetConfiguration':
      return { configurationKey: [], unknownKey: [] };
    default:
      return undefined;
  }
}
