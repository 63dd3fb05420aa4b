// Benchmark: N virtual chargers in one process against a bare ocpp-rpc RPCServer (strict mode) running in
// a child process on 127.0.0.1. Prints the simulator process's memory and CPU; never asserts.
//
//   NODE_OPTIONS=--expose-gc npx tsx bench/simulator-fleet.ts [--chargers 10000] [--steady 60] [--ramp 20] [--heartbeat 60]
//
// Bounded: at most 20,000 chargers and 600 s of steady state; loopback only.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RPCServer, type RPCClient } from 'ocpp-rpc';
import { strictModeValidators } from '../ocpp/validators.ts';
import { startFleet } from '../simulator/fleet/fleet.ts';
import { parseMix } from '../simulator/fleet/mix.ts';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10000' },
    steady: { type: 'string', default: '60' },
    ramp: { type: 'string', default: '20' },
    heartbeat: { type: 'string', default: '60' },
    mix: { type: 'string', default: '1.6:60,2.0.1:30,2.1:10' },
    server: { type: 'boolean', default: false },
  },
});

if (values.server) await runServer(Number(values.heartbeat));
else await runBench();

/** The CSMS stand-in: accepts every boot, answers every call minimally and validly. */
async function runServer(heartbeatS: number): Promise<void> {
  let txId = 1;
  const server = new RPCServer({ protocols: ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'], strictMode: true, strictModeValidators, pingIntervalMs: 0 });
  server.on('client', (client: RPCClient) => {
    const v16 = client.protocol === 'ocpp1.6';
    client.handle(async ({ method, params }: { method?: string; params?: Record<string, unknown> }) => {
      switch (method) {
        case 'BootNotification': return { status: 'Accepted', interval: heartbeatS, currentTime: new Date().toISOString() };
        case 'Heartbeat': return { currentTime: new Date().toISOString() };
        case 'StartTransaction': return { transactionId: txId++, idTagInfo: { status: 'Accepted' } };
        case 'StopTransaction': return { idTagInfo: { status: 'Accepted' } };
        case 'TransactionEvent': return params?.eventType === 'Started' && !v16 ? { idTokenInfo: { status: 'Accepted' } } : {};
        default: return {};
      }
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  process.send?.({ port: (http.address() as AddressInfo).port });
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu') process.send?.({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
    if (m.type === 'exit') process.exit(0);
  });
}

async function runBench(): Promise<void> {
  const count = Math.min(20_000, Math.max(1, Number(values.chargers)));
  const steadyS = Math.min(600, Math.max(1, Number(values.steady)));
  const rampS = Math.min(300, Math.max(0, Number(values.ramp)));
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

  const child = fork(fileURLToPath(import.meta.url), ['--server', '--heartbeat', String(values.heartbeat)], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const ask = () => new Promise<{ cpu: NodeJS.CpuUsage; rss: number }>((resolve) => {
    child.once('message', (m: { cpu: NodeJS.CpuUsage; rss: number }) => resolve(m));
    child.send({ type: 'cpu' });
  });

  global.gc?.();
  const baseline = process.memoryUsage();
  const t0 = Date.now();
  const fleet = startFleet({
    url: `ws://127.0.0.1:${port}/ocpp`,
    count,
    mix: parseMix(values.mix),
    idPrefix: 'B',
    scenario: {
      rampUpS: rampS,
      template: { meterValueSampleIntervalS: 60, webSocketPingIntervalS: 60, logRingSize: 20, callTimeoutMs: 60_000, reconnect: { initialDelayMs: 2_000, maxDelayMs: 60_000, factor: 2, jitter: 0.5 } },
      // A plausible busy hour: a fifth of the chargers in a session at any time, a few faults.
      sessions: { perChargerPerHour: 0.4, durationS: [600, 2_400] },
      faultsPerHour: { 'status-error': count / 10, event: count / 20, 'temperature-drift': count / 100, flapping: count / 200 },
      clearsBy: { self: 3, 'soft-reset': 1, repair: 1 },
      selfClearS: [60, 600],
    },
  });
  await fleet.awaitBooted(count, (rampS + 300) * 1000);
  const bootedS = (Date.now() - t0) / 1000;
  const afterBoot = process.memoryUsage();

  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const server0 = await ask();
  const m0 = fleet.summary().messages;
  const s0 = Date.now();
  await new Promise((r) => setTimeout(r, steadyS * 1000));
  const wallMs = Date.now() - s0;
  const cpu = process.cpuUsage(cpu0);
  const server1 = await ask();
  lag.disable();
  const summary = fleet.summary();
  global.gc?.();
  const end = process.memoryUsage();
  const late = (ns: number) => Math.max(0, ns / 1e6 - 20).toFixed(1);
  const pct = (c: NodeJS.CpuUsage) => ((100 * (c.user + c.system)) / 1000 / wallMs).toFixed(1);
  const serverCpu = { user: server1.cpu.user - server0.cpu.user, system: server1.cpu.system - server0.cpu.system };

  const lines = [
    `simulator-fleet: ${count} chargers (${values.mix}), heartbeat ${values.heartbeat} s, node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
    `boot: ${summary.booted}/${count} booted ${bootedS.toFixed(1)} s after start (ramp-up ${rampS} s), connected ${summary.connected}`,
    `steady ${(wallMs / 1000).toFixed(0)} s: ${summary.messages - m0} messages (${(((summary.messages - m0) * 1000) / wallMs).toFixed(0)}/s), sessions ${summary.sessionsStarted}, faults injected ${summary.faultsInjected}, reconnects ${summary.reconnects}`,
    `simulator RSS: baseline ${mb(baseline.rss)}, after boot ${mb(afterBoot.rss)}, end ${mb(end.rss)} → ${(((end.rss - baseline.rss) / count) / 1024).toFixed(1)} KB per charger; heap used ${mb(end.heapUsed)}`,
    `simulator CPU: ${pct(cpu)} % of one core over the steady window (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s); event-loop delay beyond the 20 ms sampling tick: p50 ${late(lag.percentile(50))} ms, p99 ${late(lag.percentile(99))} ms, max ${late(lag.max)} ms`,
    `server process (ocpp-rpc, strict): CPU ${pct(serverCpu)} % of one core, RSS ${mb(server1.rss)}`,
  ];
  for (const l of lines) process.stdout.write(`${l}\n`);
  await fleet.stop();
  child.send({ type: 'exit' });
}
