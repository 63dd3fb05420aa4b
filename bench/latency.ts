// bench/latency — fault-to-ticket latency under background load, and CALLRESULT latency p50/p99 at a fixed
// rate of MeterValues.
//
//   npx tsx bench/latency.ts [--background 5000] [--rate 10000] [--samples 4] [--duration-s 40]
//                            [--fault-chargers 150] [--fault-rate 5] [--workers 2] [--echo-s 20]
//                            [--database postgres|pglite] [--telemetry influx|embedded] [--profile FILE]
//                            [--alloc-profile FILE [--alloc-survivors]]
//
// The gateway runs as its own process. Background: --background lean OCPP 1.6 clients send MeterValues
// (--samples sampled values each) at --rate per second in total, plus one Heartbeat per 50 MeterValues,
// over --duration-s. Faults: --fault-chargers simulated chargers (the full simulator, OCPP 1.6) each report
// one status-error fault (a code our catalogue always opens a ticket for), --fault-rate per second,
// first with the background idle, then under it. Latency = the ticket row's created_at (PostgreSQL's
// clock, same machine) − the moment the simulator sent the fault. First, unless --echo-s 0, the same clients
// send the same traffic to a raw `ws` echo server for --echo-s seconds: the latency this machine allows at
// that rate before the product does any work.
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadCatalogue } from '../core/diagnosis/catalogue.ts';
import { awaitEvent } from '../simulator/await-event.ts';
import { faultCatalogue, type ClearsBy } from '../simulator/faults/fault-catalogue.ts';
import { VirtualCharger } from '../simulator/virtual-charger.ts';
import { meterValues } from './lib/frames.ts';
import { backendChoice, GatewayProcess } from './lib/gateway-process.ts';
import { LoadPool, spawnTs } from './lib/load-pool.ts';
import type { TrafficResult } from './lib/load-protocol.ts';
import { machineLine } from './lib/machine.ts';
import { CpuMeter } from './lib/proc.ts';
import { fmt, percentile, printTable, sortedCopy } from './lib/report.ts';

const { values: a } = parseArgs({
  options: {
    background: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '10000' },
    samples: { type: 'string', default: '4' },
    'duration-s': { type: 'string', default: '40' },
    'fault-chargers': { type: 'string', default: '150' },
    'fault-rate': { type: 'string', default: '5' },
    workers: { type: 'string', default: '2' },
    database: { type: 'string', default: 'postgres' },
    telemetry: { type: 'string', default: 'influx' },
    /** seconds of the same MeterValues load against a raw `ws` echo server first (0: skip) */
    'echo-s': { type: 'string', default: '20' },
    /** write a CPU profile of the gateway during the loaded phase (bench/lib/profile-summary.ts) */
    profile: { type: 'string' },
    /** sample the gateway's allocations during the loaded phase (bench/lib/alloc-summary.ts) */
    'alloc-profile': { type: 'string' },
    /** with --alloc-profile: only allocations that outlived a scavenge (promoted or about to be) */
    'alloc-survivors': { type: 'boolean', default: false },
  },
});
const BACKGROUND = Math.min(18_000, Number(a.background));
const RATE = Math.min(50_000, Number(a.rate));
const SAMPLES = Number(a.samples);
const DURATION_MS = Math.min(300, Number(a['duration-s'])) * 1000;
const FAULT_CHARGERS = Math.min(1_000, Number(a['fault-chargers']));
const FAULT_RATE = Number(a['fault-rate']);
const WORKERS = Math.max(1, Math.min(8, Number(a.workers)));
const backends = backendChoice('postgres', a.telemetry);
if (a.database === 'pglite') throw new Error('bench/latency reads ticket times from PostgreSQL: --database postgres');

const ours = loadCatalogue();
const CODES = Object.entries(faultCatalogue.statusErrors)
  .filter(([code]) => ours.entry(`ocpp16:${code}`)?.opensTicket === 'always')
  .map(([code, v]) => ({ code, clearsBy: v.typicalClearsBy as ClearsBy }));

const ECHO_MS = Math.min(120, Number(a['echo-s'])) * 1000;
const mvFrames = () => [{ action: 'MeterValues', payloadJson: JSON.stringify(meterValues(SAMPLES)), weight: 50 }, { action: 'Heartbeat', payloadJson: '{}', weight: 1 }];
const rows: Array<Record<string, string | number>> = [];

// 0. The floor this machine sets: the same clients and rate against a raw `ws` echo server (sockets and
// JSON, nothing else), alone on the machine, before the product starts.
if (ECHO_MS > 0) {
  const echo = spawnTs(new URL('./lib/echo-server.ts', import.meta.url).pathname);
  const [{ port }] = (await once(echo, 'message')) as [{ port: number }];
  const pool = LoadPool.start(WORKERS);
  try {
    const ids = Array.from({ length: BACKGROUND }, (_, i) => `EB-${String(i).padStart(5, '0')}`);
    const c = await pool.connect(`ws://127.0.0.1:${port}/ocpp`, ids, { concurrencyPerWorker: 100, boot: false });
    if (c.some((x) => x.errors > 0)) throw new Error(`echo: ${c.flatMap((x) => x.errorSamples).join('; ')}`);
    const cpu = new CpuMeter([echo.pid!, ...pool.pids]);
    const t = performance.now();
    const r = await pool.traffic({ kind: 'rate', ratePerS: (RATE * 51) / 50, durationMs: ECHO_MS, frames: mvFrames() });
    const seconds = (performance.now() - t) / 1000;
    const lat = sortedCopy(r.flatMap((x) => x.latenciesMs));
    const calls = r.reduce((s, x) => s + x.calls, 0);
    const late = r.reduce((s, x) => s + x.late, 0);
    rows.push({
      measurement: `raw ws echo, same clients and rate (${ECHO_MS / 1000} s; the machine's floor)`, n: calls,
      'p50 ms': fmt.ms(percentile(lat, 50)), 'p95 ms': fmt.ms(percentile(lat, 95)), 'p99 ms': fmt.ms(percentile(lat, 99)), 'max ms': fmt.ms(lat.at(-1) ?? NaN),
      'rate/s': `${fmt.int(calls / seconds)} answered (asked ${fmt.int((RATE * 51) / 50)}; ${fmt.int(late)} not sent: every client busy); load processes ${((100 * cpu.used(pool.pids)) / seconds).toFixed(0)} %`,
      errors: r.reduce((s, x) => s + x.errors, 0), 'gateway CPU %': `echo ${((100 * cpu.used([echo.pid!])) / seconds).toFixed(0)}`,
    });
  } finally {
    await pool.close().catch(() => undefined);
    await pool.stop();
    echo.kill();
  }
}

const gw = await GatewayProcess.start({ tag: 'latency', ...backends });
const pool = LoadPool.start(WORKERS);
const db = new pg.Client({ connectionString: gw.databaseUrl! });
await db.connect();
const faultChargers: VirtualCharger[] = [];

/** Simulated chargers, booted; each will report one fault. */
async function bootFaultChargers(prefix: string): Promise<VirtualCharger[]> {
  const list = Array.from({ length: FAULT_CHARGERS }, (_, i) => new VirtualCharger(
    { id: `${prefix}-${String(i).padStart(4, '0')}`, ocppVersion: '1.6', timeScale: 1, webSocketPingIntervalS: 0, meterValueSampleIntervalS: 3_600, reconnect: { initialDelayMs: 200, maxDelayMs: 2_000, factor: 2, jitter: 0.2 } },
    { url: gw.ocppUrl },
  ));
  faultChargers.push(...list);
  await Promise.all(list.map((c) => { const b = awaitEvent(c, 'booted', () => true, 120_000); c.start(); return b; }));
  return list;
}

/** Injects one fault per charger at FAULT_RATE/s; resolves with each charger's send time (epoch ms). */
async function injectFaults(list: VirtualCharger[]): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const t0 = performance.now();
  for (const [i, c] of list.entries()) {
    const due = t0 + (i * 1000) / FAULT_RATE;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const f = CODES[i % CODES.length]!;
    sentAt.set(c.id, Date.now());
    c.injectFault({ kind: 'status-error', errorCode: f.code as never, connectorId: 1, clearsBy: 'repair' });
  }
  return sentAt;
}

/** fault → ticket latencies (ms) from the ticket rows, waiting up to 60 s for the last ones. */
async function ticketLatencies(sentAt: Map<string, number>): Promise<{ lat: number[]; missing: number }> {
  const ids = [...sentAt.keys()];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await db.query<{ charger_id: string; t: Date }>('SELECT charger_id, min(created_at) AS t FROM ticket WHERE charger_id = ANY($1) GROUP BY 1', [ids]);
    if (r.rows.length === ids.length || Date.now() > deadline) {
      return { lat: r.rows.map((x) => x.t.getTime() - sentAt.get(x.charger_id)!), missing: ids.length - r.rows.length };
    }
    await new Promise((res) => setTimeout(res, 500));
  }
}

function faultRow(label: string, r: { lat: number[]; missing: number }, cpuS: number, seconds: number): Record<string, string | number> {
  const s = sortedCopy(r.lat);
  return {
    measurement: `fault → ticket, ${label}`, n: r.lat.length, 'p50 ms': fmt.ms(percentile(s, 50)), 'p95 ms': fmt.ms(percentile(s, 95)), 'p99 ms': fmt.ms(percentile(s, 99)), 'max ms': fmt.ms(s.at(-1) ?? NaN),
    'rate/s': `${FAULT_RATE} faults`, errors: r.missing ? `${r.missing} without a ticket` : 0, 'gateway CPU %': ((100 * cpuS) / seconds).toFixed(0),
  };
}

try {
  // 1. faults with the background idle
  const quiet = await bootFaultChargers('LQ');
  let cpu = new CpuMeter([gw.pid]);
  let t = performance.now();
  const quietSent = await injectFaults(quiet);
  const quietLat = await ticketLatencies(quietSent);
  rows.push(faultRow('no background load', quietLat, cpu.used(), (performance.now() - t) / 1000));

  // 2. the same under the background load
  const loaded = await bootFaultChargers('LL');
  const ids = Array.from({ length: BACKGROUND }, (_, i) => `LB-${String(i).padStart(5, '0')}`);
  const c = await pool.connect(gw.ocppUrl, ids, { concurrencyPerWorker: 50, boot: true });
  if (c.some((x) => x.errors > 0)) throw new Error(`background chargers did not boot: ${c.flatMap((x) => x.errorSamples).join('; ')}`);
  cpu = new CpuMeter([gw.pid, ...pool.pids, ...(gw.influxdPid ? [gw.influxdPid] : [])]);
  await gw.loop(); // start the gateway's event-loop and GC figures here
  if (a.profile) await gw.cpuProfileStart();
  if (a['alloc-profile']) await gw.allocProfileStart(a['alloc-survivors']);
  t = performance.now();
  const traffic = pool.traffic({ kind: 'rate', ratePerS: (RATE * 51) / 50, durationMs: DURATION_MS, frames: mvFrames() });
  await new Promise((r) => setTimeout(r, 3_000)); // steady state first
  const loadedSent = await injectFaults(loaded);
  const r: TrafficResult[] = await traffic;
  const seconds = (performance.now() - t) / 1000;
  const loop = await gw.loop();
  if (a.profile) await gw.cpuProfileStop(a.profile);
  if (a['alloc-profile']) await gw.allocProfileStop(a['alloc-profile']);
  const loadedLat = await ticketLatencies(loadedSent);
  const lat = sortedCopy(r.flatMap((x) => x.latenciesMs));
  const calls = r.reduce((s, x) => s + x.calls, 0);
  const late = r.reduce((s, x) => s + x.late, 0);
  const errors = r.reduce((s, x) => s + x.errors, 0);
  rows.push({
    measurement: `CALLRESULT round trip (MeterValues ${SAMPLES} samples + 2 % Heartbeat)`, n: calls,
    'p50 ms': fmt.ms(percentile(lat, 50)), 'p95 ms': fmt.ms(percentile(lat, 95)), 'p99 ms': fmt.ms(percentile(lat, 99)), 'max ms': fmt.ms(lat.at(-1) ?? NaN),
    // over the traffic's own time (its schedule and the last answers), not the phase's: the phase also waits
    // for the fault injection to finish
    'rate/s': `${fmt.int(calls / (Math.max(...r.map((x) => x.elapsedMs)) / 1000))} answered (asked ${fmt.int((RATE * 51) / 50)}; ${fmt.int(late)} not sent: every client busy)`,
    errors: errors + (errors ? ` (${[...new Set(r.flatMap((x) => x.errorSamples))].join('; ')})` : ''),
    'gateway CPU %': ((100 * cpu.used([gw.pid])) / seconds).toFixed(0),
  });
  rows.push(faultRow(`under ${fmt.int(RATE)} MeterValues/s`, loadedLat, 0, 1));
  rows.at(-1)!['gateway CPU %'] = '(as above)';
  rows.push({
    measurement: 'CPU during the loaded phase', n: '-', 'p50 ms': '', 'p95 ms': '', 'p99 ms': '', 'max ms': '',
    'rate/s': `load processes ${((100 * cpu.used(pool.pids)) / seconds).toFixed(0)} %, influxd ${gw.influxdPid ? ((100 * cpu.used([gw.influxdPid])) / seconds).toFixed(0) : '-'} %`, errors: '', 'gateway CPU %': ((100 * cpu.used([gw.pid])) / seconds).toFixed(0),
  });
  rows.push({
    measurement: 'gateway event-loop delay during the loaded phase', n: '-', 'p50 ms': fmt.ms(loop.p50), 'p95 ms': '', 'p99 ms': fmt.ms(loop.p99), 'max ms': fmt.ms(loop.max),
    'rate/s': `GC: ${loop.gcCount} pauses, ${fmt.int(loop.gcTotalMs)} ms in all (${((loop.gcTotalMs / 10) / seconds).toFixed(1)} % of the time), longest ${fmt.ms(loop.gcMaxMs)} ms (${Object.entries(loop.gcByKind).map(([k, g]) => `${k} ${g.count} × ${fmt.ms(g.totalMs / g.count)} ms, longest ${fmt.ms(g.maxMs)}`).join('; ')})`, errors: '', 'gateway CPU %': '',
  });
} finally {
  await Promise.all(faultChargers.map((c) => c.stop()));
  await db.end();
  await pool.close().catch(() => undefined);
  await pool.stop();
  await gw.stop();
}
printTable(
  'latency: fault → ticket under background load; CALLRESULT latency at a fixed MeterValues rate',
  {
    machine: machineLine(),
    command: `npx tsx bench/latency.ts --background ${BACKGROUND} --rate ${RATE} --samples ${SAMPLES} --duration-s ${DURATION_MS / 1000} --fault-chargers ${FAULT_CHARGERS} --fault-rate ${FAULT_RATE} --workers ${WORKERS} --echo-s ${ECHO_MS / 1000} --telemetry ${a.telemetry}`,
    gateway: gw.description,
    load: `${WORKERS} load processes, ${BACKGROUND} lean OCPP 1.6 clients at ${fmt.int(RATE)} MeterValues/s (${SAMPLES} samples each = ${fmt.int(RATE * SAMPLES)} points/s) + ${fmt.int(RATE / 50)} Heartbeats/s for ${DURATION_MS / 1000} s; ${FAULT_CHARGERS} simulated 1.6 chargers per fault phase, one status-error fault each`,
    targets: 'CALLRESULT p99 < 20 ms at 10,000 MeterValues/s; fault → ticket p95 < 1 s',
    'gateway log (warn+)': gw.log.summary(),
  },
  rows,
);
process.exit(0);
