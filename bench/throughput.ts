// bench/throughput — OCPP round trips per second through the gateway, next to a raw `ws` JSON echo
// server measured in the same run on the same machine with the same load processes, and the ratio.
//
//   npx tsx bench/throughput.ts [--connections 200] [--duration-s 15] [--warmup-s 3] [--workers 2]
//                               [--samples 4] [--database postgres|pglite] [--telemetry influx|embedded]
//                               [--messages Heartbeat,MeterValues]
//
// The gateway runs as its own process (`node bin/chargemend.js start`: strict validation both ways,
// persistence and telemetry on). Each connection keeps one CALL in flight (OCPP-J allows no more), so
// round trips/s = connections / round-trip time. Loopback only; bounded by --duration-s.
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { meterValues } from './lib/frames.ts';
import { backendChoice, GatewayProcess } from './lib/gateway-process.ts';
import { LoadPool, spawnTs } from './lib/load-pool.ts';
import type { FrameSpec, TrafficResult } from './lib/load-protocol.ts';
import { machineLine } from './lib/machine.ts';
import { CpuMeter } from './lib/proc.ts';
import { fmt, percentile, printTable, sortedCopy } from './lib/report.ts';

const { values: a } = parseArgs({
  options: {
    connections: { type: 'string', default: '200' },
    'duration-s': { type: 'string', default: '15' },
    'warmup-s': { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    samples: { type: 'string', default: '4' },
    database: { type: 'string', default: 'postgres' },
    telemetry: { type: 'string', default: 'influx' },
    // e.g. --messages MeterValues for an A/B of the MeterValues path alone (half the run time)
    messages: { type: 'string', default: 'Heartbeat,MeterValues' },
  },
});
const CONNECTIONS = Math.min(5_000, Number(a.connections));
const DURATION_MS = Math.min(120, Number(a['duration-s'])) * 1000;
const WARMUP_MS = Number(a['warmup-s']) * 1000;
const WORKERS = Math.max(1, Math.min(8, Number(a.workers)));
const SAMPLES = Number(a.samples);
const backends = backendChoice(a.database, a.telemetry);

const ALL_MIXES: Array<{ name: string; frames: FrameSpec[] }> = [
  { name: 'Heartbeat', frames: [{ action: 'Heartbeat', payloadJson: '{}', weight: 1 }] },
  { name: `MeterValues (${SAMPLES} samples)`, frames: [{ action: 'MeterValues', payloadJson: JSON.stringify(meterValues(SAMPLES)), weight: 1 }] },
];
const wanted = a.messages.split(',').map((m) => m.trim()).filter(Boolean);
const unknown = wanted.filter((m) => !ALL_MIXES.some((x) => x.frames[0]!.action === m));
if (unknown.length > 0 || wanted.length === 0) throw new Error(`--messages: expected Heartbeat and/or MeterValues, got ${a.messages}`);
const MIXES = ALL_MIXES.filter((x) => wanted.includes(x.frames[0]!.action));

interface Measured { rtPerS: number; p50: number; p99: number; serverCpuUsPerRt: number; loadCpuUsPerRt: number; influxdCpuUsPerRt: number; errors: number; errorSamples: string[] }

async function measure(pool: LoadPool, serverPid: number, frames: FrameSpec[], influxdPid?: number): Promise<Measured> {
  if (WARMUP_MS > 0) await pool.traffic({ kind: 'closed-loop', frames, durationMs: WARMUP_MS });
  const cpu = new CpuMeter([serverPid, ...pool.pids, ...(influxdPid ? [influxdPid] : [])]);
  const r: TrafficResult[] = await pool.traffic({ kind: 'closed-loop', frames, durationMs: DURATION_MS });
  const server = cpu.used([serverPid]);
  const load = cpu.used(pool.pids);
  const influxd = influxdPid ? cpu.used([influxdPid]) : NaN;
  const calls = r.reduce((s, x) => s + x.calls, 0);
  const seconds = Math.max(...r.map((x) => x.elapsedMs)) / 1000;
  const lat = sortedCopy(r.flatMap((x) => x.latenciesMs));
  return {
    rtPerS: calls / seconds, p50: percentile(lat, 50), p99: percentile(lat, 99),
    serverCpuUsPerRt: (server * 1e6) / calls, loadCpuUsPerRt: (load * 1e6) / calls, influxdCpuUsPerRt: (influxd * 1e6) / calls,
    errors: r.reduce((s, x) => s + x.errors, 0), errorSamples: [...new Set(r.flatMap((x) => x.errorSamples))],
  };
}

const ids = Array.from({ length: CONNECTIONS }, (_, i) => `TP-${String(i).padStart(5, '0')}`);
const results: Array<{ target: string; mix: string; m: Measured }> = [];

// 1. the raw ws echo server
{
  const echo = spawnTs(new URL('./lib/echo-server.ts', import.meta.url).pathname);
  const [{ port }] = (await once(echo, 'message')) as [{ port: number }];
  const pool = LoadPool.start(WORKERS);
  try {
    const c = await pool.connect(`ws://127.0.0.1:${port}/ocpp`, ids, { concurrencyPerWorker: 100, boot: false });
    if (c.some((x) => x.errors > 0)) throw new Error(`echo: ${c.flatMap((x) => x.errorSamples).join('; ')}`);
    for (const mix of MIXES) results.push({ target: 'raw ws echo', mix: mix.name, m: await measure(pool, echo.pid!, mix.frames) });
  } finally {
    await pool.close().catch(() => undefined);
    await pool.stop();
    echo.kill();
  }
}

// 2. the gateway
// The per-charger rate limit (20 messages/s by default) guards against one misbehaving charger; a closed
// loop sends hundreds per second per socket, so it is raised here. Its check still runs on every frame.
const gw = await GatewayProcess.start({
  tag: 'throughput', ...backends,
  env: { OCPP_RATE_LIMIT_PER_S: '10000', OCPP_RATE_LIMIT_BURST: '100000' },
});
{
  const pool = LoadPool.start(WORKERS);
  try {
    const c = await pool.connect(gw.ocppUrl, ids, { concurrencyPerWorker: 50, boot: true });
    const errors = c.reduce((s, x) => s + x.errors, 0);
    if (errors > 0) throw new Error(`gateway: ${errors} chargers did not boot: ${c.flatMap((x) => x.errorSamples).join('; ')}`);
    for (const mix of MIXES) results.push({ target: 'gateway', mix: mix.name, m: await measure(pool, gw.pid, mix.frames, gw.influxdPid) });
  } finally {
    await pool.close().catch(() => undefined);
    await pool.stop();
    await gw.stop();
  }
}

const echoRate = new Map(results.filter((r) => r.target === 'raw ws echo').map((r) => [r.mix, r.m.rtPerS]));
printTable(
  'throughput: OCPP round trips/s, gateway vs raw ws echo (same run, same load processes)',
  {
    machine: machineLine(),
    command: `npx tsx bench/throughput.ts --connections ${CONNECTIONS} --duration-s ${DURATION_MS / 1000} --warmup-s ${WARMUP_MS / 1000} --workers ${WORKERS} --samples ${SAMPLES} --database ${a.database} --telemetry ${a.telemetry} --messages ${wanted.join(',')}`,
    gateway: gw.description,
    load: `${WORKERS} load processes, ${CONNECTIONS} lean OCPP 1.6 clients (ws + JSON), one CALL in flight each, ${DURATION_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up`,
    target: 'gateway ≥ 0.6 × raw ws round trips/s',
    'gateway log (warn+)': gw.log.summary(),
  },
  results.map(({ target, mix, m }) => ({
    target, message: mix, 'round trips/s': fmt.int(m.rtPerS), 'p50 ms': fmt.ms(m.p50), 'p99 ms': fmt.ms(m.p99),
    'server CPU µs/rt': m.serverCpuUsPerRt.toFixed(1), 'load CPU µs/rt': m.loadCpuUsPerRt.toFixed(1), 'influxd CPU µs/rt': Number.isNaN(m.influxdCpuUsPerRt) ? '-' : m.influxdCpuUsPerRt.toFixed(1),
    errors: m.errors + (m.errorSamples.length ? ` (${m.errorSamples.join('; ')})` : ''),
    'ratio to raw ws': target === 'gateway' ? (m.rtPerS / (echoRate.get(mix) ?? NaN)).toFixed(2) : '1.00',
  })),
);
process.exit(0);
