import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropInfluxDatabase, ensureInfluxd, influxRows, uniqueInfluxDatabase } from '../support/influx.ts';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const meter = (wh: number, temp: number) => ({
  evseId: 1,
  meterValue: [
    {
      timestamp: new Date().toISOString(),
      sampledValue: [
        { value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
        { value: temp, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'A' } },
      ],
    },
  ],
});

async function exercise(rt: TestRuntime, id: string) {
  await rt.addCharger(id);
  const c = ocppClient(rt.ocppUrl, id, 'ocpp2.0.1');
  await c.connect();
  await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'DC50', firmwareVersion: '4.0' } });
  await c.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
  await c.call('MeterValues', meter(1000, 16));
  await c.call('MeterValues', meter(1500, 16));
  // 2.0.1 has no Temperature measurand: a monitored temperature arrives through NotifyEvent
  await c.call('NotifyEvent', {
    generatedAt: new Date().toISOString(),
    seqNo: 0,
    eventData: [
      { eventId: 1, timestamp: new Date().toISOString(), trigger: 'Periodic', actualValue: '41.5', eventNotificationType: 'HardWiredMonitor', component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Temperature' } },
    ],
  });
  await c.close();
  await rt.telemetry.flush();
}

describe('embedded defaults: PGlite and the embedded telemetry store (no services)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { embedded: true });
  });
  afterAll(() => rt.close());

  it('accepts a charger and keeps its state and telemetry', async () => {
    expect(rt.db.kind).toBe('pglite');
    await exercise(rt, 'EMB-1');
    expect(await rt.db.prisma.charger.findUnique({ where: { id: 'EMB-1' } })).toMatchObject({ model: 'DC50', firmwareVersion: '4.0' });
    const latest = await rt.telemetry.latest('EMB-1');
    expect(latest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ measurand: 'Energy.Active.Import.Register', value: 1500 }),
        expect.objectContaining({ measurand: 'Temperature', value: 41.5 }),
      ]),
    );
  });
});

describe('PostgreSQL with telemetry in a real InfluxDB', () => {
  let rt: TestRuntime;
  const bucket = uniqueInfluxDatabase();
  beforeAll(async () => {
    const url = await ensureInfluxd();
    rt = await startTestRuntime({}, { influxUrl: url, influxBucket: bucket });
  });
  afterAll(async () => {
    await rt.close();
    await dropInfluxDatabase(bucket);
  });

  it('writes meter values, status changes and connection events as points', async () => {
    await exercise(rt, 'INF-1');
    const meterRows = await influxRows(bucket, `SELECT * FROM meter WHERE charger = 'INF-1'`);
    expect(meterRows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ measurand: 'Energy.Active.Import.Register', value: 1500, evse: '1' }),
        expect.objectContaining({ measurand: 'Current.Import', phase: 'L1', value: 16 }),
        expect.objectContaining({ measurand: 'Temperature', value: 41.5 }),
      ]),
    );
    expect(await influxRows(bucket, `SELECT * FROM status WHERE charger = 'INF-1'`)).toEqual([expect.objectContaining({ status: 'Occupied' })]);
    const conn = await eventually(async () => {
      await rt.telemetry.flush();
      const rows = await influxRows(bucket, `SELECT * FROM connection WHERE charger = 'INF-1'`);
      return rows.length === 2 ? rows : undefined;
    }, 5_000, 'connect and disconnect points');
    expect(conn.map((r) => r.event)).toEqual(['connected', 'disconnected']);
  });
});
