// bench/connections — idle chargers held by one gateway process: RSS and heap per connection, in steps up
// to the open-files limit (one socket = one descriptor; about 19,000 per process on our machines).
//
//   npx tsx bench/connections.ts [--steps 1000,5000,10000,19000] [--workers 4] [--open-concurrency 100]
//                                [--settle-s 30] [--max-settle-s 120] [--database postgres|pglite]
//                                [--telemetry influx|embedded]
//                                [--snapshots DIR]
//
// Every charger connects (OCPP 1.6, auto-registered), sends BootNotification, then stays idle (the gateway
// pings each socket every 30 s). Memory is read by the gateway itself after a full GC
// (bench/lib/memory-probe.mjs). Per connection = (value at the step − value with no charger) / chargers.
// Idle means settled: opening thousands of sockets at once leaves V8's heap grown well beyond what it
// holds (heap total twice heap used, a few seconds after the storm); V8's memory reducer returns it once
// the process has been quiet for a while (25–60 s after a few thousand connections opened, on our machines).
// So each step waits at least --settle-s, then until the gateway's RSS has fallen and held still (at
// most --max-settle-s, shown), and shows the RSS 5 s after opening too.
// --snapshots DIR writes heap snapshots with no charger and at the last step, for bench/lib/heap-diff.ts.
import { parseArgs } from 'node:util';
import { backendChoice, GatewayProcess, type MemoryUsage } from './lib/gateway-process.ts';
import { LoadPool } from './lib/load-pool.ts';
import { machineLine } from './lib/machine.ts';
import { openFiles, openFilesLimit, processCpuS, processRss } from './lib/proc.ts';
import { fmt, printTable } from './lib/report.ts';

const { values: a } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000,5000,10000,19000' },
    workers: { type: 'string', default: '4' },
    'open-concurrency': { type: 'string', default: '100' },
    'settle-s': { type: 'string', default: '30' },
    'max-settle-s': { type: 'string', default: '120' },
    database: { type: 'string', default: 'postgres' },
    telemetry: { type: 'string', default: 'influx' },
    snapshots: { type: 'string' },
  },
});
const STEPS = a.steps!.split(',').map(Number).filter((n) => n > 0).sort((x, y) => x - y).map((n) => Math.min(n, 19_900));
const WORKERS = Math.max(1, Math.min(8, Number(a.workers)));
const CONCURRENCY = Number(a['open-concurrency']);
const SETTLE_MS = Number(a['settle-s']) * 1000;
const MAX_SETTLE_MS = Math.max(SETTLE_MS, Number(a['max-settle-s']) * 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits --settle-s, then until V8 has given back what the opening grew — the RSS 10 % or more below
 * `grown` (V8's memory reducer starts 25–60 s into a quiet spell, depending on the heap) — and holds still
 * (within 1 % over 10 s); at most --max-settle-s. Returns the seconds waited.
 */
async function settle(pid: number, grown: number | undefined): Promise<number> {
  const t0 = performance.now();
  await sleep(SETTLE_MS);
  let before = processRss(pid) ?? 0;
  while (performance.now() - t0 < MAX_SETTLE_MS) {
    await sleep(10_000);
    const now = processRss(pid) ?? 0;
    const shrunk = grown === undefined || now < grown * 0.9;
    if (shrunk && Math.abs(now - before) < before * 0.01) break;
    before = now;
  }
  return (performance.now() - t0) / 1000;
}

const gw = await GatewayProcess.start({ tag: 'connections', ...backendChoice(a.database, a.telemetry) });
const pool = LoadPool.start(WORKERS);
const rows: Array<Record<string, string | number>> = [];
/** where V8's heap total goes, per row: the part of "heap total" not "used" is what RSS carries beyond the live objects */
const spaceRows: Array<Record<string, string | number>> = [];
const spaceRow = (chargers: number, m: MemoryUsage): Record<string, string | number> => ({
  chargers,
  ...Object.fromEntries(Object.entries(m.spaces).filter(([, v]) => v.size > 0).map(([name, v]) => [`${name} MiB (used)`, `${fmt.mib(v.size)} (${fmt.mib(v.used)})`])),
});
const limit = openFilesLimit(gw.pid);
try {
  const baseSettleS = await settle(gw.pid, undefined);
  const base = await gw.memory();
  spaceRows.push(spaceRow(0, base));
  if (a.snapshots) await gw.heapSnapshot(`${a.snapshots}/connections-0.heapsnapshot`);
  rows.push({ chargers: 0, 'open (s)': '-', 'settled after (s)': baseSettleS.toFixed(0), 'RSS MiB 5 s after opening': '-', 'gateway fds': openFiles(gw.pid) ?? '?', 'RSS MiB': fmt.mib(base.rss), 'heap used MiB': fmt.mib(base.heapUsed), 'heap total MiB': fmt.mib(base.heapTotal), 'external MiB': fmt.mib(base.external), 'RSS KiB/conn': '-', 'heap KiB/conn': '-', errors: 0 });
  let held = 0;
  for (const target of STEPS) {
    const ids = Array.from({ length: target - held }, (_, i) => `CN-${String(held + i).padStart(5, '0')}`);
    const cpu0 = processCpuS(gw.pid) ?? 0;
    const t0 = performance.now();
    const r = await pool.connect(gw.ocppUrl, ids, { concurrencyPerWorker: CONCURRENCY, boot: true });
    const openS = (performance.now() - t0) / 1000;
    const cpu = (processCpuS(gw.pid) ?? 0) - cpu0;
    const errors = r.reduce((s, x) => s + x.errors, 0);
    held += r.reduce((s, x) => s + x.opened, 0);
    await sleep(5_000);
    const rssAfterOpening = processRss(gw.pid);
    const settledS = await settle(gw.pid, rssAfterOpening);
    const m = await gw.memory();
    spaceRows.push(spaceRow(held, m));
    rows.push({
      chargers: held, 'open (s)': `${openS.toFixed(1)} (${fmt.int(ids.length / openS)}/s, gw CPU ${cpu.toFixed(1)} s)`, 'settled after (s)': settledS.toFixed(0), 'RSS MiB 5 s after opening': rssAfterOpening === undefined ? '?' : fmt.mib(rssAfterOpening), 'gateway fds': openFiles(gw.pid) ?? '?',
      'RSS MiB': fmt.mib(m.rss), 'heap used MiB': fmt.mib(m.heapUsed), 'heap total MiB': fmt.mib(m.heapTotal), 'external MiB': fmt.mib(m.external),
      'RSS KiB/conn': fmt.kib((m.rss - base.rss) / held), 'heap KiB/conn': fmt.kib((m.heapUsed - base.heapUsed) / held),
      errors: errors + (errors ? ` (${[...new Set(r.flatMap((x) => x.errorSamples))].join('; ')})` : ''),
    });
    if (errors > ids.length / 10) break; // more than 10 % failing: the limit is reached
  }
  if (a.snapshots) await gw.heapSnapshot(`${a.snapshots}/connections-${held}.heapsnapshot`);
} finally {
  await pool.close().catch(() => undefined);
  await pool.stop();
  await gw.stop();
}
printTable(
  'connections: idle chargers held by one gateway process',
  {
    machine: machineLine(),
    command: `npx tsx bench/connections.ts --steps ${STEPS.join(',')} --workers ${WORKERS} --open-concurrency ${CONCURRENCY} --settle-s ${SETTLE_MS / 1000} --max-settle-s ${MAX_SETTLE_MS / 1000} --database ${a.database} --telemetry ${a.telemetry}`,
    gateway: `${gw.description}; open-files limit ${limit ?? '?'}`,
    load: `${WORKERS} load processes, lean OCPP 1.6 clients (ws + JSON), ${CONCURRENCY} opening at once per process, BootNotification each, then idle`,
    memory: 'read by the gateway after a full GC, once its RSS stopped falling (V8 returns the heap a connect storm grew); per connection = growth over the 0-charger row / chargers held',
    target: '≤ 20 KiB per idle connection',
    'gateway log (warn+)': gw.log.summary(),
  },
  rows,
);
printTable('V8 heap by space at each row (reserved, in use)', {}, spaceRows);
process.exit(0);
