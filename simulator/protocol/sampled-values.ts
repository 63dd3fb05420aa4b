import type { MeterReading } from '../meter.ts';

// Neutral sampled values, filtered by the charger's configured measurands (1.6 MeterValuesSampledData,
// 2.x SampledDataCtrlr.TxUpdatedMeasurands). Each version module renders them in its own shape.

export interface Sample {
  measurand: string;
  value: number;
  unit: string;
  phase?: 'L1' | 'L2' | 'L3' | 'L1-N' | 'L2-N' | 'L3-N' | undefined;
  location?: 'Outlet' | 'Body' | 'EV' | undefined;
}

const PHASES = ['L1', 'L2', 'L3'] as const;
const PHASES_N = ['L1-N', 'L2-N', 'L3-N'] as const;

export function samplesOf(reading: MeterReading, measurands: string, withTemperature: boolean): Sample[] {
  const wanted = new Set(measurands.split(',').map((m) => m.trim()));
  // The register is what billing and the platform's energy checks need: always sent.
  const out: Sample[] = [{ measurand: 'Energy.Active.Import.Register', value: reading.energyWh, unit: 'Wh', location: 'Outlet' }];
  if (wanted.has('Power.Active.Import')) out.push({ measurand: 'Power.Active.Import', value: reading.powerW, unit: 'W', location: 'Outlet' });
  const { ac } = reading;
  if (wanted.has('Current.Import')) {
    reading.currentA.forEach((a, i) => out.push({ measurand: 'Current.Import', value: a, unit: 'A', phase: ac ? PHASES[i] : undefined, location: 'Outlet' }));
  }
  if (wanted.has('Voltage')) {
    reading.voltageV.forEach((v, i) => out.push({ measurand: 'Voltage', value: v, unit: 'V', phase: ac ? PHASES_N[i] : undefined, location: 'Outlet' }));
  }
  if (withTemperature && wanted.has('Temperature')) out.push({ measurand: 'Temperature', value: reading.temperatureC, unit: 'Celsius', location: 'Body' });
  if (wanted.has('SoC') && reading.socPct !== undefined) out.push({ measurand: 'SoC', value: reading.socPct, unit: 'Percent', location: 'EV' });
  return out;
}
