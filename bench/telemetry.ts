// Telemetry write throughput: points/s into InfluxDB and into the embedded SQL store (PGlite in a temp
// dir, and PostgreSQL if reachable), end to end through the public TelemetryStore (write() … flush()).
//
//   npx tsx bench/telemetry.ts [--influx-url URL] [--points N] [--sql-points N] [--pg-url URL]
//                              [--batch-sizes 1000,5000,20000]
//
// Also prints where the InfluxDB time goes: serialisation alone (library Point vs the store's cached
// series prefix), gzip of a batch, and HTTP batch size.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { Point } from '@influxdata/influxdb-client';
import pg from 'pg';
import { pino } from 'pino';
import { createTelemetryStore, sqlExecutorFrom, type MeterPoint, type TelemetryStore } from '../telemetry/index.ts';
import { LineProtocolSerializer } from '../telemetry/line-protocol.ts';

const { values: args } = parseArgs({
  options: {
    'influx-url': { type: 'string', default: process.env.INFLUX_URL ?? 'http://127.0.0.1:18086' },
    'influx-token': { type: 'string', default: process.env.INFLUX_TOKEN },
    'influx-org': { type: 'string', default: process.env.INFLUX_ORG },
    points: { type: 'string', default: '1000000' },
    'sql-points': { type: 'string', default: '200000' },
    'pg-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'batch-sizes': { type: 'string', default: '1000,5000,20000' },
  },
});
const POINTS = Number(args.points);
const SQL_POINTS = Number(args['sql-points']);
const BATCH_SIZES = args['batch-sizes']!.split(',').map(Number);
const CHARGERS = 2_000;
const SERIES = CHARGERS * 10;
const MIGRATION = new URL('../prisma/migrations/20261126000000_init/migration.sql', import.meta.url);
const log = pino({ level: 'warn' }, pino.destination(2));

interface Row {
  target: string;
  points: number;
  batchSize: number | string;
  'in flight': number | string;
  gzip: string;
  seconds: string;
  'points/s': string;
  'write() ns/pt': string;
  note: string;
}
const rows: Row[] = [];

/** Meter values as 2,000 chargers send them: 10 samples per MeterValues, one message per charger per tick. */
function meterPoints(n: number, t0 = Date.UTC(2026, 0, 1)): MeterPoint[] {
  const samples: [string, string | undefined, string][] = [
    ['Energy.Active.Import.Register', undefined, 'Wh'],
    ['Power.Active.Import', undefined, 'W'],
    ['Current.Import', 'L1', 'A'], ['Current.Import', 'L2', 'A'], ['Current.Import', 'L3', 'A'],
    ['Voltage', 'L1-N', 'V'], ['Voltage', 'L2-N', 'V'], ['Voltage', 'L3-N', 'V'],
    ['SoC', undefined, 'Percent'], ['Temperature', undefined, 'Celsius'],
  ];
  const out: MeterPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const msg = Math.floor(i / samples.length);
    const [measurand, phase, unit] = samples[i % samples.length]!;
    out[i] = {
      kind: 'meter', ts: new Date(t0 + Math.floor(msg / CHARGERS) * 10_000), chargerId: `CP-${String(msg % CHARGERS).padStart(5, '0')}`,
      evseId: 1, connectorId: 1, measurand, phase, unit, location: 'Outlet', context: 'Sample.Periodic', value: (i % 977) * 1.25,
    };
  }
  return out;
}

/** write() message by message (10 points each), then flush(): the time until everything is stored. */
async function run(store: TelemetryStore, points: MeterPoint[]): Promise<{ seconds: number; writeNs: number }> {
  const before = store.stats().written;
  const t0 = performance.now();
  let inWrite = 0;
  for (let i = 0; i < points.length; i += 10) {
    const w = performance.now();
    store.write(points.slice(i, i + 10));
    inWrite += performance.now() - w;
    // Yield now and then like a gateway serving sockets, so batches go out while writes continue.
    if (i % 20_000 === 0) await new Promise((r) => setImmediate(r));
  }
  await store.flush();
  const seconds = (performance.now() - t0) / 1000;
  const s = store.stats();
  if (s.written - before !== points.length) throw new Error(`written ${s.written} of ${points.length}: ${JSON.stringify(s)}`);
  return { seconds, writeNs: (inWrite * 1e6) / points.length };
}

function add(target: string, n: number, batchSize: number | string, inflight: number | string, gzip: string, seconds: number, writeNs: number | undefined, note = ''): void {
  rows.push({
    target, points: n, batchSize, 'in flight': inflight, gzip, seconds: seconds.toFixed(2), 'points/s': Math.round(n / seconds).toLocaleString('en'),
    'write() ns/pt': writeNs === undefined ? '-' : writeNs.toFixed(0), note,
  });
}

async function influxVersion(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  } catch {
    return undefined;
  }
}

async function benchInflux(points: MeterPoint[]): Promise<void> {
  const url = args['influx-url']!;
  const version = await influxVersion(url);
  if (!version) {
    rows.push({ target: `influxdb ${url}`, points: 0, batchSize: '-', 'in flight': '-', gzip: '-', seconds: '-', 'points/s': '-', 'write() ns/pt': '-', note: 'not reachable (scripts/start-influxd.sh)' });
    return;
  }
  const configs: { batchSize: number; gzip: boolean; warm: boolean; inflight: number }[] = [
    ...BATCH_SIZES.map((batchSize) => ({ batchSize, gzip: false, warm: true, inflight: 2 })),
    { batchSize: 5_000, gzip: false, warm: true, inflight: 1 },
    { batchSize: 5_000, gzip: true, warm: true, inflight: 2 },
    { batchSize: 5_000, gzip: false, warm: false, inflight: 2 },
  ];
  for (const { batchSize, gzip, warm, inflight } of configs) {
    const bucket = `cm_bench_${Date.now()}_${batchSize}_${gzip ? 'gz' : 'plain'}`;
    const store = createTelemetryStore({
      log, influx: { url, bucket, token: args['influx-token'], org: args['influx-org'], gzip },
      batch: { batchSize, maxBufferedPoints: points.length + SERIES, flushIntervalMs: 1_000, maxInflightBatches: inflight },
    });
    if (warm) {
      // Steady state: every series exists already (a running fleet), so creating them is not timed.
      store.write(warmUp);
      await store.flush();
    }
    const r = await run(store, points);
    await store.close();
    add(`influxdb ${version}`, points.length, batchSize, inflight, gzip ? 'level 1' : 'no', r.seconds, r.writeNs, warm ? 'series exist' : `new database: creates ${SERIES} series`);
    if (version.startsWith('1.')) {
      await fetch(`${url}/query?${new URLSearchParams({ q: `DROP DATABASE "${bucket}"` })}`, { method: 'POST' });
    }
  }
}

/** Where the InfluxDB time goes, without the server: CPU cost per point of each step. */
function benchSerialisation(points: MeterPoint[]): void {
  const n = Math.min(points.length, 500_000);
  const sample = points.slice(0, n);
  const ms = { convertTime: (d: string | number | Date | undefined) => (d instanceof Date ? String(d.getTime()) : undefined) };
  let t = performance.now();
  for (const p of sample) {
    const pt = new Point('meter').tag('charger', p.chargerId).tag('evse', String(p.evseId)).tag('connector', String(p.connectorId))
      .tag('measurand', p.measurand).tag('unit', p.unit ?? '').tag('location', p.location ?? '').tag('context', p.context ?? '');
    if (p.phase) pt.tag('phase', p.phase);
    pt.floatField('value', p.value).timestamp(p.ts).toLineProtocol(ms);
  }
  add('serialise: library Point per sample', n, '-', '-', '-', (performance.now() - t) / 1000, undefined, 'CPU only');
  const serializer = new LineProtocolSerializer();
  serializer.serialize(sample.slice(0, 20_000)); // warm the series cache as a running store has it
  t = performance.now();
  for (let i = 0; i < n; i += 5_000) serializer.serialize(sample.slice(i, i + 5_000));
  add('serialise: store (cached series prefix)', n, 5_000, '-', '-', (performance.now() - t) / 1000, undefined, 'CPU only');
  const body = serializer.serialize(sample.slice(0, 5_000));
  t = performance.now();
  for (let i = 0; i < n; i += 5_000) gzipSync(body, { level: 1 });
  const ratio = gzipSync(body, { level: 1 }).length / Buffer.byteLength(body);
  add('gzip level 1 of 5,000-point bodies', n, 5_000, '-', 'level 1', (performance.now() - t) / 1000, undefined, `${Math.round(Buffer.byteLength(body) / 5_000)} B/pt, ratio ${ratio.toFixed(2)}`);
}

async function benchPglite(points: MeterPoint[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-bench-pglite-'));
  const db = await PGlite.create(dir);
  try {
    await db.exec(await readFile(MIGRATION, 'utf8'));
    const store = createTelemetryStore({ log, sql: sqlExecutorFrom(db), batch: { batchSize: 5_000, maxBufferedPoints: Math.max(points.length, 5_000) } });
    const r = await run(store, points);
    await store.close();
    add('pglite (temp dir)', points.length, 5_000, 1, '-', r.seconds, r.writeNs);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(points: MeterPoint[]): Promise<void> {
  const adminUrl = args['pg-url']!;
  const name = `cm_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    rows.push({ target: 'postgresql', points: 0, batchSize: '-', 'in flight': '-', gzip: '-', seconds: '-', 'points/s': '-', 'write() ns/pt': '-', note: `not reachable: ${(err as Error).message}` });
    return;
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // An idle client killed by the server must not crash the bench; the next query reconnects.
  pool.on('error', (err) => console.error(`postgresql pool: ${err.message}`));
  try {
    await pool.query(await readFile(MIGRATION, 'utf8'));
    const version = (await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
    const store = createTelemetryStore({ log, sql: sqlExecutorFrom(pool), batch: { batchSize: 5_000, maxBufferedPoints: Math.max(points.length, 5_000) } });
    const r = await run(store, points);
    await store.close();
    add(`postgresql ${version}`, points.length, 5_000, 1, '-', r.seconds, r.writeNs);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const all = meterPoints(Math.max(POINTS, SQL_POINTS));
const influxPoints = all.slice(0, POINTS);
const warmUp = meterPoints(SERIES, Date.UTC(2025, 11, 31));
const sqlPoints = all.slice(0, SQL_POINTS);
console.log(`telemetry bench: ${CHARGERS} chargers, 10 samples per MeterValues, node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
benchSerialisation(influxPoints);
await benchInflux(influxPoints);
await benchPglite(sqlPoints);
await benchPostgres(sqlPoints);
console.table(rows);
