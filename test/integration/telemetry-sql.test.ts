import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../core/db/database.ts';
import { pgliteSession, pgSession } from '../../core/db/migration-session.ts';
import { migrate } from '../../core/db/migrator.ts';
import { createTelemetryStore, sqlExecutorFrom, type SqlExecutor, type TelemetryPoint, type TelemetryStore } from '../../telemetry/index.ts';
import { createTestDatabase } from '../support/pg.ts';

// The embedded SQL store against real PGlite (temp dir) and real PostgreSQL (a fresh database on the
// local server), each migrated with the project's migrations as they stand.

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000);
const CP = "CP-SQL 1,'x'";

const fixture: TelemetryPoint[] = [
  ...[100, 200, 300, 400, 500].map((value, i): TelemetryPoint => ({ kind: 'meter', ts: at(i * 20), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', unit: 'W', value })),
  { kind: 'meter', ts: at(5), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 16 },
  { kind: 'meter', ts: at(65), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 10 },
  { kind: 'meter', ts: at(5), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Current.Import', phase: 'L2', unit: 'A', value: 15 },
  { kind: 'meter', ts: at(7), chargerId: CP, evseId: 2, connectorId: 1, measurand: 'Current.Import', phase: 'L1', unit: 'A', value: 32 },
  { kind: 'meter', ts: new Date(T0 + 9_123), chargerId: CP, evseId: 1, connectorId: 1, measurand: 'Voltage', phase: 'L1-N', unit: 'V', location: 'Outlet', context: 'Sample.Periodic', value: 229.5 },
  { kind: 'meter', ts: at(9), chargerId: 'OTHER', evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', value: 9_999 },
  { kind: 'status', ts: at(3), chargerId: CP, evseId: 1, connectorId: 1, status: 'Charging' },
  { kind: 'status', ts: at(1), chargerId: CP, evseId: 1, connectorId: 1, status: 'Available' },
  { kind: 'status', ts: at(2), chargerId: CP, evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
  { kind: 'connection', ts: at(0), chargerId: CP, event: 'connected' },
  { kind: 'connection', ts: at(90), chargerId: CP, event: 'disconnected', reason: 'code 1006' },
];

const meter = (n: number, from = 0): TelemetryPoint[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'meter', ts: at(1_000 + from + i), chargerId: 'CP-SEQ', evseId: 1, connectorId: 1, measurand: 'Energy.Active.Import.Register', value: from + i }));

/** A migrated database the test can make unavailable and bring back. */
interface Backend {
  sql: SqlExecutor;
  setDown(down: boolean): Promise<void>;
  close(): Promise<void>;
}

/** PGlite is in-process, so "unavailable" is closing it; coming back is reopening its data dir. */
async function pgliteBackend(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-telemetry-pglite-'));
  let db = await PGlite.create(dir);
  await migrate(pgliteSession(db), { migrationsDir: MIGRATIONS_DIR, log: silent });
  return {
    sql: { query: (text, params) => sqlExecutorFrom(db).query(text, params) },
    async setDown(down) {
      if (down) await db.close();
      else db = await PGlite.create(dir);
    },
    async close() {
      if (!db.closed) await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Real PostgreSQL reached through a TCP relay that the test can cut and restore. */
async function postgresBackend(): Promise<Backend> {
  const database = await createTestDatabase('cm_telemetry');
  const target = new URL(database.url);
  const migrator = new pg.Client({ connectionString: database.url });
  await migrator.connect();
  await migrate(pgSession(migrator), { migrationsDir: MIGRATIONS_DIR, log: silent });
  await migrator.end();

  let down = false;
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const viaRelay = new URL(database.url);
  viaRelay.port = String((relay.address() as { port: number }).port);
  const pool = new pg.Pool({ connectionString: viaRelay.toString(), max: 4, connectionTimeoutMillis: 2_000 });
  // Idle clients cut by the relay emit 'error'; the pool replaces them on the next query.
  pool.on('error', () => undefined);
  return {
    sql: sqlExecutorFrom(pool),
    async setDown(d) {
      down = d;
      if (d) for (const s of sockets) s.destroy();
    },
    async close() {
      await pool.end();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await database.drop();
    },
  };
}

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

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fast = { flushIntervalMs: 50, retryInitialMs: 20, retryMaxMs: 200 };
const silent = pino({ level: 'silent' });

describe.each([
  { name: 'PGlite (temp dir)', open: pgliteBackend },
  { name: 'PostgreSQL', open: postgresBackend },
])('SqlTelemetryStore on $name', ({ open }) => {
  let backend: Backend;
  let store: TelemetryStore;
  const count = async (table: string, where = 'true') =>
    Number((await backend.sql.query<{ n: string | number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0]?.n);

  beforeAll(async () => {
    backend = await open();
    store = createTelemetryStore({ log: silent, sql: backend.sql, batch: fast });
    store.write(fixture);
    await store.flush();
  });
  afterAll(async () => {
    await store.close();
    await backend.close();
  });

  it('writes every point into the telemetry tables, with ms timestamps and absent values as NULL', async () => {
    expect(await store.ping()).toBe(true);
    expect(store.stats()).toMatchObject({ accepted: fixture.length, written: fixture.length, dropped: 0, rejected: 0, buffered: 0 });
    expect(await count('telemetry_meter')).toBe(11);
    expect(await count('telemetry_status')).toBe(3);
    expect(await count('telemetry_connection')).toBe(2);
    const [v] = await backend.sql.query(
      `SELECT charger_id, evse_id, connector_id, measurand, phase, unit, location, context, value, (extract(epoch from ts) * 1000)::float8 AS ms
       FROM telemetry_meter WHERE measurand = 'Voltage'`,
    );
    expect(v).toEqual({ charger_id: CP, evse_id: 1, connector_id: 1, measurand: 'Voltage', phase: 'L1-N', unit: 'V', location: 'Outlet', context: 'Sample.Periodic', value: 229.5, ms: T0 + 9_123 });
    expect(await backend.sql.query(`SELECT event, reason FROM telemetry_connection ORDER BY ts`)).toEqual([
      { event: 'connected', reason: null },
      { event: 'disconnected', reason: 'code 1006' },
    ]);
    expect(await backend.sql.query(`SELECT phase, unit FROM telemetry_meter WHERE charger_id = 'OTHER'`)).toEqual([{ phase: null, unit: null }]);
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
      { measurand: 'Voltage', evseId: 1, connectorId: 1, phase: 'L1-N', unit: 'V', value: 229.5, ts: new Date(T0 + 9_123) },
    ]);
    expect((await store.latest(CP, ['Power.Active.Import', 'Voltage'])).map((l) => l.measurand)).toEqual(['Power.Active.Import', 'Voltage']);
    expect(await store.latest(CP, [])).toEqual([]);
    expect(await store.latest('nobody')).toEqual([]);
  });

  it('latest: an older sample written later (a backlog replayed from the outbox) does not replace a newer one', async () => {
    const power = (ts: Date, value: number): TelemetryPoint => ({ kind: 'meter', ts, chargerId: 'CP-LATE', evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', unit: 'W', value });
    store.write([power(at(80), 500), power(at(80), 501)]);
    await store.flush();
    store.write([power(at(40), 1)]);
    await store.flush();
    expect((await store.latest('CP-LATE')).map((l) => [l.value, l.ts])).toEqual([[501, at(80)]]);
    store.write([power(at(90), 600), power(at(85), 2)]);
    await store.flush();
    expect((await store.latest('CP-LATE')).map((l) => [l.value, l.ts])).toEqual([[600, at(90)]]);
  });

  it('statusHistory: ordered by time within [from, to)', async () => {
    expect(await store.statusHistory(CP, at(0), at(60))).toEqual([
      { ts: at(1), evseId: 1, connectorId: 1, status: 'Available', errorCode: undefined },
      { ts: at(2), evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
      { ts: at(3), evseId: 1, connectorId: 1, status: 'Charging', errorCode: undefined },
    ]);
    expect((await store.statusHistory(CP, at(2), at(3))).map((s) => s.status)).toEqual(['Faulted']);
  });

  it('a point the database refuses costs only itself, not its batch', async () => {
    const s = createTelemetryStore({ log: silent, sql: backend.sql, batch: fast });
    const bad: TelemetryPoint[] = [
      ...meter(10, 10_000),
      { kind: 'meter', ts: at(5), chargerId: 'CP-BAD', evseId: 3_000_000_000, connectorId: 1, measurand: 'Voltage', value: 1 },
      { kind: 'status', ts: at(5), chargerId: 'CP-BAD', evseId: 1, connectorId: 1, status: 'Avail\u0000able' },
      ...meter(10, 10_010),
    ];
    s.write(bad);
    await expect(s.flush()).rejects.toThrow(/rejected/);
    expect(s.stats()).toMatchObject({ accepted: 22, written: 20, rejected: 2, buffered: 0 });
    expect(await count('telemetry_meter', 'value >= 10000')).toBe(20);
    await s.close();
  });

  it('backend unavailable: write() does not throw, points wait in order and all arrive when it is back', async () => {
    const { log, lines } = capturingLogger();
    const s = createTelemetryStore({ log, sql: backend.sql, batch: { ...fast, batchSize: 50 } });
    s.write(meter(20, 0));
    await s.flush();
    await backend.setDown(true);
    for (let i = 20; i < 520; i += 10) expect(() => s.write(meter(10, i))).not.toThrow();
    await waitFor(() => s.stats().failingFlushes >= 3, 'three failed flushes');
    expect(s.stats()).toMatchObject({ buffered: 500, written: 20, dropped: 0 });
    expect(s.stats().lastError).toBeTruthy();
    expect(await s.ping()).toBe(false);
    expect(lines.some((l) => l.level === 40 && l.msg === 'telemetry: flush failed, keeping points and retrying')).toBe(true);

    await backend.setDown(false);
    await waitFor(() => s.stats().written === 520, 'the backlog to be written');
    expect(s.stats()).toMatchObject({ accepted: 520, written: 520, dropped: 0, buffered: 0, failingFlushes: 0 });
    const rows = await backend.sql.query<{ value: number }>(`SELECT value FROM telemetry_meter WHERE charger_id = 'CP-SEQ' AND value < 10000 ORDER BY id`);
    expect(rows.map((r) => r.value)).toEqual(Array.from({ length: 520 }, (_, i) => i));
    await s.close();
  });

  it('beyond the bound drops the oldest, counts and logs them; the newest arrive', async () => {
    await backend.sql.query(`DELETE FROM telemetry_meter WHERE charger_id = 'CP-SEQ'`);
    const { log, lines } = capturingLogger();
    const s = createTelemetryStore({ log, sql: backend.sql, batch: { ...fast, batchSize: 10, maxBufferedPoints: 100 } });
    await backend.setDown(true);
    for (let i = 0; i < 250; i += 10) s.write(meter(10, i));
    expect(s.stats()).toMatchObject({ accepted: 250, dropped: 150, buffered: 100 });
    const lossLogs = () => lines.filter((l) => l.msg === 'telemetry: points lost');
    expect(lossLogs()[0]).toMatchObject({ level: 40 });

    await backend.setDown(false);
    await waitFor(() => s.stats().buffered === 0, 'the kept points to be written');
    expect(s.stats()).toMatchObject({ written: 100, dropped: 150 });
    const rows = await backend.sql.query<{ value: number }>(`SELECT value FROM telemetry_meter WHERE charger_id = 'CP-SEQ' ORDER BY id`);
    expect(rows.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => 150 + i));
    await s.close();
    // loss logs are rate-limited, not lossy: together they account for every dropped point
    expect(lossLogs().reduce((n, l) => n + Number(l.dropped), 0)).toBe(150);
  });
});
