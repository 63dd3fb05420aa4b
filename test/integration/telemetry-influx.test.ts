import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelemetryStore, type TelemetryPoint, type TelemetryStats, type TelemetryStore } from '../../telemetry/index.ts';
import {
  closedPort,
  dropInfluxDatabase,
  ensureInfluxd,
  influxQuery,
  influxRows,
  startInfluxProxy,
  uniqueInfluxDatabase,
  type InfluxProxy,
} from '../support/influx.ts';

// The InfluxDB store against the real influxd 1.6.7 (scripts/start-influxd.sh, 127.0.0.1:18086).

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000);
const CP = 'CP-INT 1,"x"=y'; // space, comma, quote and '=' must survive line protocol and InfluxQL

const fixture: TelemetryPoint[] = [
  ...[100, 200, 300, 400, 500].map((value, i): TelemetryPoint => ({ kind: 'meter', ts: at(i * 20), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', unit: 'W', value })),
  { kind: 'meter', ts: at(5), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 16 },
  { kind: 'meter', ts: at(65), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 10 },
  { kind: 'meter', ts: at(5), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L2', unit: 'A', value: 15 },
  { kind: 'meter', ts: at(7), chargerId: CP, evseId: 2, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 32 },
  { kind: 'meter', ts: at(9), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Voltage', phase: 'L1-N', unit: 'V', location: 'Outlet', context: 'Sample.Periodic', value: 229.5 },
  { kind: 'meter', ts: at(9), chargerId: 'OTHER', evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', value: 9_999 },
  { kind: 'status', ts: at(3), chargerId: CP, evseId: 1, connectorId: 1, status: 'Charging' },
  { kind: 'status', ts: at(1), chargerId: CP, evseId: 1, connectorId: 1, status: 'Available' },
  { kind: 'status', ts: at(2), chargerId: CP, evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
  { kind: 'connection', ts: at(0), chargerId: CP, event: 'connected' },
  { kind: 'connection', ts: at(90), chargerId: CP, event: 'disconnected', reason: 'code 1006' },
];

const meter = (n: number, from = 0): TelemetryPoint[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'meter', ts: at(1_000 + from + i), chargerId: 'CP-SEQ', evseId: 1, connectorId: 1, measurand: 'Energy.Active.Import.Register', value: from + i }));

function capturingLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** Polls until `check` holds; bounded, so a broken store fails the test instead of hanging it. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fast = { flushIntervalMs: 50, retryInitialMs: 20, retryMaxMs: 200 };
const silent = pino({ level: 'silent' });

describe('InfluxTelemetryStore against influxd 1.x', () => {
  const db = uniqueInfluxDatabase('cm_tel');
  const dbs = [db];
  let url: string;
  let store: TelemetryStore;

  beforeAll(async () => {
    url = await ensureInfluxd();
    store = createTelemetryStore({ log: silent, influx: { url, bucket: db }, batch: fast });
    store.write(fixture);
    await store.flush();
  });
  afterAll(async () => {
    await store.close();
    for (const d of dbs) await dropInfluxDatabase(d);
  });

  it('creates the database and writes every point', async () => {
    expect(await store.ping()).toBe(true);
    expect(store.stats()).toMatchObject({ accepted: fixture.length, written: fixture.length, dropped: 0, rejected: 0, buffered: 0, failingFlushes: 0 });
    const [count] = await influxRows(db, 'SELECT count("value") FROM "meter"');
    expect(count?.count).toBe(11);
  });

  it('uses the specified measurements, tags and fields (no unbounded tags)', async () => {
    const tagKeys = async (m: string) => (await influxQuery(db, `SHOW TAG KEYS FROM "${m}"`)).flatMap((s) => s.values.map((v) => v[0]));
    const fieldKeys = async (m: string) => (await influxQuery(db, `SHOW FIELD KEYS FROM "${m}"`)).flatMap((s) => s.values.map((v) => `${v[0]}:${v[1]}`));
    expect((await influxQuery(db, 'SHOW MEASUREMENTS'))[0]?.values.flat()).toEqual(['connection', 'meter', 'status']);
    expect(await tagKeys('meter')).toEqual(['charger', 'connector', 'context', 'evse', 'location', 'measurand', 'phase', 'unit']);
    expect(await fieldKeys('meter')).toEqual(['value:float']);
    expect(await tagKeys('status')).toEqual(['charger', 'connector', 'evse']);
    expect((await fieldKeys('status')).sort()).toEqual(['errorCode:string', 'status:string']);
    expect(await tagKeys('connection')).toEqual(['charger', 'event']);
    expect(await fieldKeys('connection')).toEqual(['reason:string']);

    const voltage = await influxRows(db, `SELECT * FROM "meter" WHERE "measurand" = 'Voltage'`);
    expect(voltage).toEqual([
      { time: T0 + 9_000, charger: CP, connector: '1', context: 'Sample.Periodic', evse: '1', location: 'Outlet', measurand: 'Voltage', phase: 'L1-N', unit: 'V', value: 229.5 },
    ]);
    const power = await influxRows(db, `SELECT * FROM "meter" WHERE "measurand" = 'Power.Active.Import' AND "charger" = 'OTHER'`);
    expect(power).toEqual([{ time: T0 + 9_000, charger: 'OTHER', connector: '1', context: null, evse: '1', location: null, measurand: 'Power.Active.Import', phase: null, unit: null, value: 9_999 }]);
    expect(await influxRows(db, 'SELECT * FROM "connection"')).toEqual([
      { time: T0, charger: CP, event: 'connected', reason: '' },
      { time: T0 + 90_000, charger: CP, event: 'disconnected', reason: 'code 1006' },
    ]);
  });

  it('series: epoch-aligned bucket means over [from, to), filtered by evse and phase', async () => {
    const q = { chargerId: CP, measurand: 'Power.Active.Import', from: at(0), to: at(120), resolutionS: 60 };
    expect(await store.series(q)).toEqual([
      { ts: at(0), value: 200 },
      { ts: at(60), value: 450 },
    ]);
    expect(await store.series({ ...q, from: at(20), to: at(80) })).toEqual([
      { ts: at(0), value: 250 },
      { ts: at(60), value: 400 },
    ]);
    expect(await store.series({ ...q, resolutionS: 3600 })).toEqual([{ ts: at(0), value: 300 }]);
    const current = { chargerId: CP, measurand: 'Current.Import', from: at(0), to: at(120), resolutionS: 60 };
    expect(await store.series({ ...current, evseId: 1, phase: 'L1' })).toEqual([
      { ts: at(0), value: 16 },
      { ts: at(60), value: 10 },
    ]);
    expect(await store.series({ ...current, evseId: 1 })).toEqual([
      { ts: at(0), value: 15.5 },
      { ts: at(60), value: 10 },
    ]);
    expect(await store.series({ ...current, phase: 'L1' })).toEqual([
      { ts: at(0), value: 24 },
      { ts: at(60), value: 10 },
    ]);
    expect(await store.series({ ...q, chargerId: 'nobody' })).toEqual([]);
  });

  it('latest: the newest value per (measurand, evse, connector, phase)', async () => {
    expect(await store.latest(CP)).toEqual([
      { measurand: 'Current.Import', evseId: 1, connectorId: 1, phase: 'L1', unit: 'A', value: 10, ts: at(65) },
      { measurand: 'Current.Import', evseId: 1, connectorId: 1, phase: 'L2', unit: 'A', value: 15, ts: at(5) },
      { measurand: 'Current.Import', evseId: 2, connectorId: 1, phase: 'L1', unit: 'A', value: 32, ts: at(7) },
      { measurand: 'Power.Active.Import', evseId: 1, connectorId: 1, phase: undefined, unit: 'W', value: 500, ts: at(80) },
      { measurand: 'Voltage', evseId: 1, connectorId: 1, phase: 'L1-N', unit: 'V', value: 229.5, ts: at(9) },
    ]);
    expect((await store.latest(CP, ['Power.Active.Import', 'Voltage'])).map((l) => l.measurand)).toEqual(['Power.Active.Import', 'Voltage']);
    expect(await store.latest(CP, [])).toEqual([]);
    expect(await store.latest('nobody')).toEqual([]);
  });

  it('statusHistory: ordered by time within [from, to)', async () => {
    expect(await store.statusHistory(CP, at(0), at(60))).toEqual([
      { ts: at(1), evseId: 1, connectorId: 1, status: 'Available', errorCode: undefined },
      { ts: at(2), evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
      { ts: at(3), evseId: 1, connectorId: 1, status: 'Charging', errorCode: undefined },
    ]);
    expect((await store.statusHistory(CP, at(2), at(3))).map((s) => s.status)).toEqual(['Faulted']);
  });

  it('reads from a database that does not exist yet as empty', async () => {
    const fresh = createTelemetryStore({ log: silent, influx: { url, bucket: uniqueInfluxDatabase('cm_none') } });
    expect(await fresh.latest(CP)).toEqual([]);
    expect(await fresh.statusHistory(CP, at(0), at(60))).toEqual([]);
    await fresh.close();
  });

  it('InfluxDB unreachable: write() does not throw, points stay buffered, failures show in stats', async () => {
    const port = await closedPort();
    const { log, lines } = capturingLogger();
    const down = createTelemetryStore({ log, influx: { url: `http://127.0.0.1:${port}`, bucket: db }, batch: { ...fast, batchSize: 10 } });
    expect(() => down.write(meter(25))).not.toThrow();
    await waitFor(() => down.stats().failingFlushes >= 2, 'two failed flushes');
    const stats: TelemetryStats = down.stats();
    expect(stats).toMatchObject({ accepted: 25, buffered: 25, written: 0, dropped: 0 });
    expect(stats.lastError).toMatch(/ECONNREFUSED/);
    expect(await down.ping()).toBe(false);
    await expect(down.flush()).rejects.toThrow(/unavailable/);
    expect(lines.some((l) => l.level === 40 && l.msg === 'telemetry: flush failed, keeping points and retrying')).toBe(true);
    await down.close();
    expect(down.stats()).toMatchObject({ dropped: 25, buffered: 0 });
  });

  describe('when InfluxDB goes away and comes back', () => {
    let proxy: InfluxProxy;
    beforeAll(async () => {
      proxy = await startInfluxProxy();
    });
    afterAll(() => proxy.close());

    it('keeps what was written meanwhile and delivers it in order, none lost', async () => {
      const bucket = uniqueInfluxDatabase('cm_outage');
      dbs.push(bucket);
      // uncompressed here, gzip (the default) everywhere else: both encodings reach the server
      const s = createTelemetryStore({ log: silent, influx: { url: proxy.url, bucket, gzip: false }, batch: { ...fast, batchSize: 50 } });
      s.write(meter(20, 0));
      await s.flush();
      proxy.setDown(true);
      for (let i = 20; i < 520; i += 10) s.write(meter(10, i));
      await waitFor(() => s.stats().failingFlushes >= 3, 'three failed flushes');
      expect(s.stats()).toMatchObject({ buffered: 500, written: 20 });

      proxy.setDown(false);
      await waitFor(() => s.stats().written === 520, 'the backlog to be written');
      expect(s.stats()).toMatchObject({ accepted: 520, written: 520, dropped: 0, buffered: 0, failingFlushes: 0 });
      expect(proxy.writes.every((w) => !w.gzip)).toBe(true);
      const sent = proxy.writes.flatMap((w) => w.body.split('\n')).map((line) => Number(line.split(' ')[1]?.replace('value=', '')));
      expect(sent).toEqual(Array.from({ length: 520 }, (_, i) => i));
      const [count] = await influxRows(bucket, 'SELECT count("value") FROM "meter"');
      expect(count?.count).toBe(520);
      await s.close();
    });

    it('beyond the bound drops the oldest, counts and logs them; the newest arrive', async () => {
      const bucket = uniqueInfluxDatabase('cm_bound');
      dbs.push(bucket);
      const { log, lines } = capturingLogger();
      const s = createTelemetryStore({ log, influx: { url: proxy.url, bucket }, batch: { ...fast, batchSize: 10, maxBufferedPoints: 100 } });
      proxy.setDown(true);
      for (let i = 0; i < 250; i += 10) s.write(meter(10, i));
      expect(s.stats()).toMatchObject({ accepted: 250, dropped: 150, buffered: 100 });
      const lossLogs = () => lines.filter((l) => l.msg === 'telemetry: points lost');
      expect(lossLogs()[0]).toMatchObject({ level: 40 });

      proxy.setDown(false);
      await waitFor(() => s.stats().buffered === 0, 'the kept points to be written');
      expect(s.stats()).toMatchObject({ written: 100, dropped: 150 });
      const rows = await influxRows(bucket, 'SELECT "value" FROM "meter"');
      expect(rows.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => 150 + i));
      await s.close();
      // loss logs are rate-limited, not lossy: together they account for every dropped point
      expect(lossLogs().reduce((n, l) => n + Number(l.dropped), 0)).toBe(150);
    });
  });

  it('2.x/3.x API shape: writes to /api/v2/write with token, org and bucket, reads over /query', async () => {
    const v2 = await startInfluxProxy({ asV2: true });
    const bucket = uniqueInfluxDatabase('cm_v2');
    dbs.push(bucket);
    await influxQuery(bucket, `CREATE DATABASE "${bucket}"`); // a 2.x bucket exists before use
    try {
      const s = createTelemetryStore({ log: silent, influx: { url: v2.url, bucket, org: 'acme', token: 'test-token' }, batch: fast });
      s.write(fixture);
      await s.flush();
      expect(v2.writes).toHaveLength(1);
      expect(v2.writes[0]).toMatchObject({ authorization: 'Token test-token', gzip: true });
      expect(v2.writes[0]?.path).toBe(`/api/v2/write?org=acme&bucket=${bucket}&precision=ms`);
      expect((await s.latest(CP, ['Voltage']))[0]).toMatchObject({ value: 229.5, phase: 'L1-N' });
      await s.close();
      // On 2.x a bucket without a DBRP mapping must not read as "no data"
      const unmapped = createTelemetryStore({ log: silent, influx: { url: v2.url, bucket: uniqueInfluxDatabase('cm_nodbrp'), token: 't' } });
      await expect(unmapped.latest(CP)).rejects.toThrow(/DBRP mapping/);
      await unmapped.close();
    } finally {
      await v2.close();
    }
  });
});
