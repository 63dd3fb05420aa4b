import type { MeterPoint, TelemetryStore } from '../../../telemetry/types.ts';

/**
 * Six hours of plausible meter values for one connector (two charging sessions, the register rising,
 * body temperature following the load, mains voltage around 230 V), so the charts show a real shape.
 */
export async function seedTelemetryHistory(telemetry: TelemetryStore, chargerId: string, now = Date.now()): Promise<void> {
  const points: MeterPoint[] = [];
  let energyWh = 1_250_000;
  const stepMs = 60_000;
  for (let t = now - 6 * 3_600_000; t < now - 60_000; t += stepMs) {
    const h = (now - t) / 3_600_000;
    const charging = (h > 4 && h < 5.2) || (h > 0.6 && h < 2.1);
    const powerW = charging ? 7_200 + Math.sin(t / 400_000) * 300 - (h < 1 ? 2_500 * (1 - h) : 0) : 0;
    energyWh += (powerW * stepMs) / 3_600_000;
    const base = { kind: 'meter' as const, ts: new Date(t), chargerId, evseId: 1, connectorId: 1 };
    points.push(
      { ...base, measurand: 'Power.Active.Import', value: Math.round(powerW), unit: 'W' },
      { ...base, measurand: 'Energy.Active.Import.Register', value: Math.round(energyWh), unit: 'Wh' },
      { ...base, measurand: 'Temperature', value: +(24 + powerW / 600 + Math.sin(t / 900_000)).toFixed(1), unit: 'Celsius' },
      { ...base, measurand: 'Voltage', value: +(230 + Math.sin(t / 700_000) * 3).toFixed(1), unit: 'V' },
    );
  }
  telemetry.write(points);
  await telemetry.flush();
}
