// bench/diagnosis — fault-to-ticket latency and diagnosis quality against the simulator's ground truth.
//
//   npx tsx bench/diagnosis.ts [--chargers 60] [--faults 300] [--wait-s 4] [--database postgres|pglite]
//
// Runs the whole product in this process (gateway, core, telemetry; PostgreSQL when reachable, else
// PGlite), a fleet of simulated chargers (1.6:60, 2.0.1:30, 2.1:10) over real sockets, and injects
// faults one at a time per charger, drawn from the 1.6 error codes with the simulator's ground truth
// (expected severity, what clears each). Self-healing waits are shortened to --wait-s seconds so that the
// run takes minutes, not hours; everything else is the default catalogue. Prints one table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { loadApiConfig } from '../api/config.ts';
import { startRuntime } from '../cli/runtime.ts';
import { loadConfig } from '../core/config.ts';
import { loadCatalogue } from '../core/diagnosis/catalogue.ts';
import { awaitEvent } from '../simulator/await-event.ts';
import { faultCatalogue, type ClearsBy } from '../simulator/faults/fault-catalogue.ts';
import { MemoryGroundTruth } from '../simulator/faults/ground-truth-log.ts';
import { VirtualCharger } from '../simulator/virtual-charger.ts';

const { values: a } = parseArgs({
  options: {
    chargers: { type: 'string', default: '60' },
    faults: { type: 'string', default: '300' },
    'wait-s': { type: 'string', default: '4' },
    database: { type: 'string' },
    /** faults injected per second over the fleet (0 = all at once, a storm) */
    rate: { type: 'string', default: '20' },
  },
});
const CHARGERS = Number(a.chargers);
const FAULTS = Number(a.faults);
const WAIT_S = Number(a['wait-s']);
const RATE = Number(a.rate);

const PG_ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function database(): Promise<{ url?: string; drop(): Promise<void> }> {
  if (a.database === 'pglite') return { drop: async () => undefined };
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await admin.connect();
  } catch {
    if (a.database === 'postgres') throw new Error(`PostgreSQL not reachable at ${PG_ADMIN}`);
    return { drop: async () => undefined };
  }
  const name = `cm_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'cm-bench-diag-'));
const catalogueFile = join(dir, 'catalogue.json');
writeFileSync(
  catalogueFile,
  JSON.stringify({ version: `bench-wait-${WAIT_S}s`, entries: loadCatalogue().entries.map((e) => ({ ...e, selfHealing: { ...e.selfHealing, waitForClearS: Math.min(e.selfHealing.waitForClearS, WAIT_S) } })) }),
);
const db = await database();
const env = {
  DATA_DIR: dir,
  ...(db.url ? { DATABASE_URL: db.url } : {}),
  OCPP_HOST: '127.0.0.1',
  OCPP_PORT: '0',
  HTTP_HOST: '127.0.0.1',
  HTTP_PORT: '0',
  LOG_LEVEL: 'silent',
  OCPP_UNKNOWN_CHARGERS: 'auto-register',
  DIAGNOSIS_CATALOGUE_FILE: catalogueFile,
  // every fault gets its full ladder: the reset guardrail would otherwise skip repeats on a charger
  SELF_HEALING_RESET_WINDOW_S: '60',
  TICKET_RECURRENCE_DAYS: '1',
  SELF_HEALING_STABLE_S: '2',
  API_COOKIE_SECURE: 'false',
};
const rt = await startRuntime(loadConfig(env), loadApiConfig(env), pino({ level: 'silent' }));

// The injectable 1.6 codes and what really clears them (the simulator's ground truth).
const ours = loadCatalogue();
const CODES = Object.entries(faultCatalogue.statusErrors)
  // a single EVCommunicationError or WeakSignal opens no ticket by design (only a repeat does)
  .filter(([code]) => ours.entry(`ocpp16:${code}`)?.opensTicket === 'always')
  .map(([code, v]) => ({ code, clearsBy: v.typicalClearsBy as ClearsBy, severity: v.severity }));

const truth = new MemoryGroundTruth();
const versions = ['1.6', '2.0.1', '2.1'] as const;
const chargers: VirtualCharger[] = [];
for (let i = 0; i < CHARGERS; i++) {
  const version = i % 10 < 6 ? versions[0] : i % 10 < 9 ? versions[1] : versions[2];
  chargers.push(
    new VirtualCharger(
      { id: `BENCH-${String(i).padStart(4, '0')}`, ocppVersion: version, timeScale: 20, rebootDelayMs: 200, webSocketPingIntervalS: 0, meterValueSampleIntervalS: 60, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0.2 } },
      { url: rt.ocppUrl, groundTruth: truth },
    ),
  );
}
await Promise.all(chargers.map((c) => { const b = awaitEvent(c, 'booted', () => true, 60_000); c.start(); return b; }));

interface Outcome { code: string; expected: string; got: string | undefined; latencyMs: number | undefined; clearsBy: ClearsBy; decision: string; tickets: number }
const outcomes: Outcome[] = [];
const terminal = new Set(['resolved_remotely', 'awaiting_dispatch', 'escalated']);
const started = Date.now();

async function one(c: VirtualCharger, n: number): Promise<void> {
  const f = CODES[n % CODES.length]!;
  const before = new Set((await rt.db.prisma.ticket.findMany({ where: { chargerId: c.id }, select: { id: true, reopenCount: true } })).map((t) => `${t.id}:${t.reopenCount}`));
  const t0 = Date.now();
  let latency: number | undefined;
  let mine: string | undefined;
  const decided = new Promise<{ status: string; id: string }>((resolve) => {
    const timer = setTimeout(() => { off(); resolve({ status: 'timeout', id: mine ?? '' }); }, 90_000);
    const off = rt.bus.on('ticket.updated', (e) => {
      if (e.chargerId !== c.id) return;
      if (mine === undefined && (e.change === 'created' || e.change === 'reopened')) {
        mine = e.ticketId;
        latency = Date.now() - t0;
      }
      if (e.ticketId === mine && terminal.has(e.status)) { clearTimeout(timer); off(); resolve({ status: e.status, id: e.ticketId }); }
    });
  });
  const faultId = c.injectFault({ kind: 'status-error', errorCode: f.code as never, connectorId: 1, clearsBy: f.clearsBy, ...(f.clearsBy === 'self' ? { clearAfterMs: 1_500 } : {}) });
  const d = await decided;
  // a repair visit (or the clock) ends what remote action could not, and the engineer closes the
  // ticket, before the next fault on this charger
  c.clearFault(faultId, 'repair');
  await rt.settled();
  if (d.id) await rt.db.prisma.ticket.updateMany({ where: { id: d.id, status: { not: 'resolved_remotely' } }, data: { status: 'closed', openKey: null, resolvedAt: new Date() } });
  const ticket = d.id ? await rt.db.prisma.ticket.findUnique({ where: { id: d.id } }) : null;
  const after = await rt.db.prisma.ticket.findMany({ where: { chargerId: c.id }, select: { id: true, reopenCount: true } });
  const tickets = after.filter((t) => !before.has(`${t.id}:${t.reopenCount}`)).length;
  outcomes.push({ code: f.code, expected: f.severity, got: ticket?.severity === 'safety_critical' ? 'safety-critical' : ticket?.severity ?? undefined, latencyMs: latency, clearsBy: f.clearsBy, decision: d.status, tickets });
}

// Faults arrive at RATE per second across the fleet; a charger takes its next one when its last is decided.
let next = 0;
const gate = async () => {
  if (RATE <= 0) return;
  const due = started + (next / RATE) * 1000;
  if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
};
await Promise.all(chargers.map(async (c) => {
  while (next < FAULTS) {
    const n = next++;
    await gate();
    await one(c, n);
  }
}));
const elapsedS = (Date.now() - started) / 1000;

const lat = outcomes.flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs])).sort((x, y) => x - y);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? NaN;
const remotelyClearable = outcomes.filter((o) => o.clearsBy !== 'repair');
const falseResolved = outcomes.filter((o) => o.clearsBy === 'repair' && o.decision === 'resolved_remotely').length;
const duplicateOpen = await rt.db.prisma.$queryRawUnsafe<Array<{ n: bigint }>>(
  `SELECT count(*)::bigint AS n FROM (SELECT charger_id, evse_id, connector_id, fault_class FROM ticket WHERE open_key IS NOT NULL GROUP BY 1,2,3,4 HAVING count(*) > 1) d`,
);
const rows: Array<[string, string]> = [
  ['parameters', `${CHARGERS} chargers (1.6:60 2.0.1:30 2.1:10), ${outcomes.length} faults over ${CODES.length} 1.6 error codes at ${RATE > 0 ? `${RATE}/s` : 'once (storm)'}, waits ≤ ${WAIT_S} s, ${db.url ? 'PostgreSQL' : 'PGlite'}, ${elapsedS.toFixed(0)} s`],
  ['fault → ticket latency p50 / p95 / p99', `${pct(50)} / ${pct(95)} / ${pct(99)} ms (n=${lat.length})`],
  ['severity accuracy vs ground truth', `${((outcomes.filter((o) => o.got === o.expected).length / outcomes.length) * 100).toFixed(1)} %`],
  ['remotely clearable resolved without dispatch', `${((remotelyClearable.filter((o) => o.decision === 'resolved_remotely').length / Math.max(1, remotelyClearable.length)) * 100).toFixed(1)} % (${remotelyClearable.length} faults)`],
  ['false "resolved remotely" (needed a repair)', String(falseResolved)],
  ['faults that opened more than one ticket', String(outcomes.filter((o) => o.tickets > 1).length)],
  ['duplicate open tickets (database)', String(duplicateOpen[0]?.n ?? 0n)],
  ['decisions timed out', String(outcomes.filter((o) => o.decision === 'timeout').length)],
];
const mism = new Map<string, number>();
for (const o of outcomes) if (o.got !== o.expected) mism.set(`${o.expected}→${o.got}`, (mism.get(`${o.expected}→${o.got}`) ?? 0) + 1);
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
const kept = new Map<string, number>();
for (const o of remotelyClearable) if (o.decision !== 'resolved_remotely') kept.set(`${o.code} (${o.clearsBy}, ${o.decision})`, (kept.get(`${o.code} (${o.clearsBy}, ${o.decision})`) ?? 0) + 1);
if (kept.size) process.stdout.write(`${'remotely clearable, not resolved remotely'.padEnd(w)}  ${[...kept].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`);
if (mism.size) process.stdout.write(`${'severity disagreements (truth→ours)'.padEnd(w)}  ${[...mism].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`);

await Promise.all(chargers.map((c) => c.stop()));
await rt.responses.idle();
await rt.stop();
await db.drop();
rmSync(dir, { recursive: true, force: true });
