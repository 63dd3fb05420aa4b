// Telemetry write throughput: points/s into InfluxDB and into the embedded SQL store (PGlite in a temp
// dir, and PostgreSQL if reachable), end to end through the public TelemetryStore (write() … flush()).
//
//   npx tsx bench/telemetry.ts [--influx-url URL] [--points N] [--sql-points N] [--pg-url URL]
//                              [--batch-sizes 1000,5000,20000] [--influxd-pid PID]
//
// Without --influx-url (or INFLUX_URL) it starts its own throwaway influxd through scripts/start-influxd.sh
// on 127.0.0.1:18196 (bench/lib/services.ts) and stops it at the end, so its CPU per point is known.
//
// Also shows where the InfluxDB time goes: serialisation alone (library Point vs the store's cached
// series prefix), gzip, HTTP batch size, requests in flight, and CPU per point on each side (ours, and
// influxd's when its pid is known: --influxd-pid, or the pid file of scripts/start-influxd.sh).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { Point } from '@influxdata/influxdb-client';
import pg from 'pg';
import { pino } from 'pino';
import { MIGRATIONS_DIR } from '../core/db/database.ts';
import { pgliteSession, pgSession } from '../core/db/migration-session.ts';
import { migrate } from '../core/db/migrator.ts';
import { createTelemetryStore, sqlExecutorFrom, type MeterPoint, type TelemetryStore } from '../telemetry/index.ts';
import { LineProtocolSerializer } from '../telemetry/line-protocol.ts';
import { machineLine } from './lib/machine.ts';
import { processCpuS } from './lib/proc.ts';
import { ensureInflux, type RunInflux } from './lib/services.ts';

const { values: args } = parseArgs({
  options: {
    'influx-url': { type: 'string', default: process.env.INFLUX_URL },
    'influx-token': { type: 'string', default: process.env.INFLUX_TOKEN },
    'influx-org': { type: 'string', default: process.env.INFLUX_ORG },
    'influxd-pid': { type: 'string' },
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
const SAMPLES_PER_MESSAGE = 10;
const SERIES = CHARGERS * SAMPLES_PER_MESSAGE;
const log = pino({ level: 'warn' }, pino.destination(2));

interface Row {
  target: string;
  points: number | string;
  batchSize: number | string;
  'in flight': number | string;
  gzip: string;
  seconds: string;
  'points/s': string;
  'write() ns/pt': string;
  'our CPU µs/pt': string;
  'influxd CPU µs/pt': string;
  note: string;
}
const rows: Row[] = [];

interface Measured {
  points: number;
  seconds: number;
  writeNs?: number;
  ourCpuUs?: number;
  serverCpuUs?: number;
}

function add(r: Pick<Row, 'target'> & Partial<Row>, m?: Measured): void {
  rows.push({
    target: r.target, points: m?.points ?? '-', batchSize: r.batchSize ?? '-', 'in flight': r['in flight'] ?? '-', gzip: r.gzip ?? '-',
    seconds: m ? m.seconds.toFixed(2) : '-',
    'points/s': m ? Math.round(m.points / m.seconds).toLocaleString('en') : '-',
    'write() ns/pt': m?.writeNs === undefined ? '-' : m.writeNs.toFixed(0),
    'our CPU µs/pt': m?.ourCpuUs === undefined ? '-' : m.ourCpuUs.toFixed(2),
    'influxd CPU µs/pt': m?.serverCpuUs === undefined ? '-' : m.serverCpuUs.toFixed(2),
    note: r.note ?? '',
  });
}

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
    const msg = Math.floor(i / SAMPLES_PER_MESSAGE);
    const [measurand, phase, unit] = samples[i % SAMPLES_PER_MESSAGE]!;
    out[i] = {
      kind: 'meter', ts: new Date(t0 + Math.floor(msg / CHARGERS) * 10_000), chargerId: `CP-${String(msg % CHARGERS).padStart(5, '0')}`,
      evseId: 1, connectorId: 1, measurand, phase, unit, location: 'Outlet', context: 'Sample.Periodic', value: (i % 977) * 1.25,
    };
  }
  return out;
}

/** writeMeter() message by message (10 readings each, as the gateway writes a MeterValues), then flush(): the time until everything is stored. */
async function run(store: TelemetryStore, points: MeterPoint[], serverPid?: string): Promise<Measured> {
  const before = store.stats().written;
  const cpu0 = process.cpuUsage();
  const server0 = processCpuS(serverPid === undefined ? undefined : Number(serverPid));
  const t0 = performance.now();
  let inWrite = 0;
  for (let i = 0; i < points.length; i += SAMPLES_PER_MESSAGE) {
    const w = performance.now();
    const p = points[i]!;
    store.writeMeter(p.chargerId, p.evseId, p.connectorId, points.slice(i, i + SAMPLES_PER_MESSAGE));
    inWrite += performance.now() - w;
    // Yield now and then like a gateway serving sockets, so batches go out while writes continue.
    if (i % 20_000 === 0) await new Promise((r) => setImmediate(r));
  }
  await store.flush();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = processCpuS(serverPid === undefined ? undefined : Number(serverPid));
  const s = store.stats();
  if (s.written - before !== points.length) throw new Error(`written ${s.written - before} of ${points.length}: ${JSON.stringify(s)}`);
  const n = points.length;
  return {
    points: n, seconds, writeNs: (inWrite * 1e6) / n, ourCpuUs: (cpu.user + cpu.system) / n,
    ...(server0 !== undefined && server1 !== undefined ? { serverCpuUs: ((server1 - server0) * 1e6) / n } : {}),
  };
}

async function influxVersion(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  } catch {
    return undefined;
  }
}

async function benchInflux(points: MeterPoint[], warmUp: MeterPoint[]): Promise<void> {
  const url = args['influx-url']!;
  const version = await influxVersion(url);
  if (!version) {
    add({ target: `influxdb ${url}`, note: 'not reachable (scripts/start-influxd.sh)' });
    return;
  }
  const configs = [
    ...BATCH_SIZES.map((batchSize) => ({ batchSize, gzip: true, warm: true, inflight: 2 })),
    { batchSize: 5_000, gzip: true, warm: true, inflight: 1 },
    { batchSize: 5_000, gzip: false, warm: true, inflight: 2 },
    { batchSize: 5_000, gzip: true, warm: false, inflight: 2 },
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
    const m = await run(store, points, args['influxd-pid']);
    await store.close();
    add({ target: `influxdb ${version}`, batchSize, 'in flight': inflight, gzip: gzip ? 'level 1' : 'no', note: warm ? 'series exist' : `new database: ${SERIES} new series` }, m);
    if (version.startsWith('1.')) await fetch(`${url}/query?${new URLSearchParams({ q: `DROP DATABASE "${bucket}"` })}`, { method: 'POST' });
  }
}

/** Where our share of the InfluxDB time goes, without the server: CPU cost per point of each step. */
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
  add({ target: 'serialise: library Point per sample', note: 'CPU only' }, { points: n, seconds: (performance.now() - t) / 1000 });
  const serializer = new LineProtocolSerializer();
  serializer.serialize(sample.slice(0, SERIES)); // a running store has its series prefixes cached
  t = performance.now();
  for (let i = 0; i < n; i += 5_000) serializer.serialize(sample.slice(i, i + 5_000));
  add({ target: 'serialise: store (cached series prefix)', batchSize: 5_000, note: 'CPU only' }, { points: n, seconds: (performance.now() - t) / 1000 });
  const body = serializer.serialize(sample.slice(0, 5_000));
  t = performance.now();
  for (let i = 0; i < n; i += 5_000) gzipSync(body, { level: 1 });
  const ratio = gzipSync(body, { level: 1 }).length / Buffer.byteLength(body);
  add(
    { target: 'gzip level 1 of 5,000-point bodies', batchSize: 5_000, gzip: 'level 1', note: `${Math.round(Buffer.byteLength(body) / 5_000)} B/pt, ratio ${ratio.toFixed(2)}` },
    { points: n, seconds: (performance.now() - t) / 1000 },
  );
}

async function benchPglite(points: MeterPoint[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-bench-pglite-'));
  const db = await PGlite.create(dir);
  try {
    await migrate(pgliteSession(db), { migrationsDir: MIGRATIONS_DIR, log });
    const store = createTelemetryStore({ log, sql: sqlExecutorFrom(db), batch: { batchSize: 5_000, maxBufferedPoints: Math.max(points.length, 5_000) } });
    const m = await run(store, points);
    await store.close();
    add({ target: 'pglite (temp dir)', batchSize: 5_000, 'in flight': 1, note: 'in-process WASM' }, m);
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
    add({ target: 'postgresql', note: `not reachable: ${(err as Error).message}` });
    return;
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // An idle client killed by the server must not crash the bench; the next query reconnects.
  pool.on('error', (err) => console.error(`postgresql pool: ${err.message}`));
  try {
    const client = await pool.connect();
    try {
      await migrate(pgSession(client), { migrationsDir: MIGRATIONS_DIR, log });
    } finally {
      client.release();
    }
    const version = (await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v.split(' ')[0];
    const store = createTelemetryStore({ log, sql: sqlExecutorFrom(pool), batch: { batchSize: 5_000, maxBufferedPoints: Math.max(points.length, 5_000) } });
    const m = await run(store, points);
    await store.close();
    add({ target: `postgresql ${version}`, batchSize: 5_000, 'in flight': 1 }, m);
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

// our own influxd unless one was named
let ownInflux: RunInflux | undefined;
if (!args['influx-url']) {
  ownInflux = await ensureInflux();
  args['influx-url'] = ownInflux.url;
  args['influxd-pid'] ??= ownInflux.pid === undefined ? undefined : String(ownInflux.pid);
}

const all = meterPoints(Math.max(POINTS, SQL_POINTS));
console.log(`machine: ${machineLine()}`);
console.log(
  `command: npx tsx bench/telemetry.ts --influx-url ${args['influx-url']} --points ${POINTS} --sql-points ${SQL_POINTS} --batch-sizes ${BATCH_SIZES.join(',')}` +
    `${args['influxd-pid'] ? ` --influxd-pid ${args['influxd-pid']}` : ''}`,
);
console.log(
  `telemetry bench: ${CHARGERS} chargers, ${SAMPLES_PER_MESSAGE} samples per MeterValues (${SERIES} series), ` +
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
benchSerialisation(all.slice(0, POINTS));
await benchInflux(all.slice(0, POINTS), meterPoints(SERIES, Date.UTC(2025, 11, 31)));
if (SQL_POINTS > 0) {
  await benchPglite(all.slice(0, SQL_POINTS));
  await benchPostgres(all.slice(0, SQL_POINTS));
}
console.table(rows);
ownInflux?.release();
