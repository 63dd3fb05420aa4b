// Soak: a few thousand simulated chargers with faults, sessions and remote commands against a
// `chargemend start` process (PostgreSQL, embedded SQL telemetry) for a bounded time. Samples the runtime's
// RSS, counts errors on every side, and accounts for every accepted message: CALLs answered to the fleet vs
// CALLs counted by the gateway, meter samples sent vs telemetry rows stored. Prints figures; never asserts.
//
//   npx tsx bench/soak.ts [--chargers 2000] [--minutes 3] [--ramp 30] [--time-scale 10] [--commands-per-s 2]
//
// Bounded: at most 5,000 chargers and 15 minutes; loopback only (127.0.0.1); stops by itself and removes
// its database and data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../core/db/database.ts';
import { createUser } from '../core/users/create-user.ts';
import { startFleet } from '../simulator/fleet/fleet.ts';
import { createTestDatabase } from '../test/support/pg.ts';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '2000' },
    minutes: { type: 'string', default: '3' },
    ramp: { type: 'string', default: '30' },
    'time-scale': { type: 'string', default: '10' },
    'commands-per-s': { type: 'string', default: '2' },
    'sample-s': { type: 'string', default: '10' },
  },
});
const count = Math.min(5_000, Math.max(1, Number(values.chargers)));
const minutes = Math.min(15, Math.max(0.5, Number(values.minutes)));
const rampS = Math.min(300, Math.max(0, Number(values.ramp)));
const timeScale = Math.min(60, Math.max(1, Number(values['time-scale'])));
const commandsPerS = Math.min(50, Math.max(0, Number(values['commands-per-s'])));
const sampleS = Math.min(60, Math.max(1, Number(values['sample-s'])));
const PASSWORD = 'soak operator passphrase 2026';
const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const tdb = await createTestDatabase('cm_soak');
const dataDir = mkdtempSync(join(tmpdir(), 'chargemend-soak-'));
const BIN = fileURLToPath(new URL('../bin/chargemend.js', import.meta.url));
// bench/lib/memory-probe.mjs answers {probe: 'memory'} over IPC with the heap after a full GC
const PROBE = new URL('./lib/memory-probe.mjs', import.meta.url).href;
const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, BIN, 'start'], {
  env: {
    ...process.env,
    DATABASE_URL: tdb.url,
    DATA_DIR: dataDir,
    OCPP_HOST: '127.0.0.1',
    OCPP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    OCPP_UNKNOWN_CHARGERS: 'auto-register',
    OCPP_HEARTBEAT_INTERVAL_S: '60',
    LOG_LEVEL: 'warn',
    API_COOKIE_SECURE: 'false',
  },
  stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
});
type MemoryProbe = { probe: 'memory'; rss: number; heapUsed: number };
function heapAfterGc(): Promise<MemoryProbe | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      resolve(undefined);
    }, 10_000);
    const on = (m: unknown) => {
      if ((m as { probe?: string }).probe !== 'memory') return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m as MemoryProbe);
    };
    child.on('message', on);
    child.send({ probe: 'memory' });
  });
}

// the ready line (stdout) and the runtime's log (pino JSON on stderr, warn and above): counted by message
const logCounts = new Map<string, number>();
let logErrors = 0;
let ready: ((urls: { ocpp: string; http: string }) => void) | undefined;
const readyP = new Promise<{ ocpp: string; http: string }>((resolve) => (ready = resolve));
let stderr = '';
const lineReader = (onLine: (line: string) => void) => {
  let pending = '';
  return (c: Buffer) => {
    pending += c.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  };
};
child.stdout!.on('data', lineReader((line) => {
  const m = /^ready ocpp=(\S+) http=(\S+)/.exec(line);
  if (m) ready?.({ ocpp: m[1]!, http: m[2]! });
}));
child.stderr!.on('data', lineReader((line) => {
  stderr = (stderr + line + '\n').slice(-4_000);
  if (!line.startsWith('{')) return;
  const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
  const key = `${entry.level >= 50 ? 'error' : 'warn'}: ${entry.msg}${entry.err?.message ? ` (${entry.err.message.slice(0, 100)})` : ''}`;
  logCounts.set(key, (logCounts.get(key) ?? 0) + 1);
  if (entry.level >= 50) logErrors += 1;
}));
const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const timeout = setTimeout(() => {
  say(`the runtime did not get ready: ${stderr}`);
  child.kill('SIGKILL');
}, 60_000);
const urls = await readyP;
clearTimeout(timeout);
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
say(`soak: ${count} chargers, ${minutes} min, ramp ${rampS} s, time scale ${timeScale}, ${commandsPerS} commands/s; runtime pid ${child.pid} at ${urls.ocpp}`);

// an operator for the remote commands
const db = await openDatabase({ databaseUrl: tdb.url, dataDir, log: pino({ level: 'silent' }), poolSize: 2 });
await createUser(db.prisma, { email: 'soak@example.com', name: 'Soak', role: 'supervisor', password: PASSWORD });
await db.close();
const login = await fetch(`${urls.http}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'soak@example.com', password: PASSWORD }) });
const { accessToken } = (await login.json()) as { accessToken: string };

const fleet = startFleet({
  url: urls.ocpp,
  count,
  mix: { '1.6': 6, '2.0.1': 3, '2.1': 1 },
  idPrefix: 'SOAK-',
  scenario: {
    timeScale,
    rampUpS: rampS,
    template: { webSocketPingIntervalS: 0, meterValueSampleIntervalS: 60, callTimeoutMs: 30_000, reconnect: { initialDelayMs: 500, maxDelayMs: 10_000, factor: 2, jitter: 0.5 } },
    // rates per real hour across the fleet (the fleet's scheduler runs in real time; timeScale speeds up
    // each charger's own intervals: heartbeats, meter samples)
    faultsPerHour: { 'status-error': count * 2, event: count, 'temperature-drift': count / 4, flapping: count / 10 },
    selfClearS: [30, 300],
    sessions: { perChargerPerHour: 4, durationS: [60, 600] },
  },
});

// what the fleet sent and had answered: CALLs by action, meter samples
const sent = new Map<string, number>();
let meterSamples = 0;
let sendFailures = 0;
const failuresByAction = new Map<string, number>();
type Sampled = { sampledValue?: unknown[] };
type EventDatum = { trigger?: string; actualValue?: string; cleared?: boolean; variable?: { name?: string } };
/** NotifyEvent data that the gateway stores as readings (gateway/adapters/v2-mappers.ts toDomainEvent) */
const readingsIn = (data: unknown) =>
  (Array.isArray(data) ? (data as EventDatum[]) : []).filter((e) => {
    const value = e.actualValue ?? '';
    const problem = e.variable?.name === 'Problem' || e.trigger === 'Alerting';
    if (problem && (e.cleared === true || value.toLowerCase() === 'false')) return false;
    if (e.variable?.name === 'Problem' && value.toLowerCase() === 'true') return false;
    return value.trim() !== '' && Number.isFinite(Number(value));
  }).length;
const samplesIn = (list: unknown) => (Array.isArray(list) ? (list as Sampled[]).reduce((n, mv) => n + (mv.sampledValue?.length ?? 0), 0) : 0);
for (const c of fleet.chargers) {
  c.on('sent', ({ action, payload }) => {
    sent.set(action, (sent.get(action) ?? 0) + 1);
    const p = payload as { meterValue?: unknown; transactionData?: unknown };
    if (action === 'MeterValues' || action === 'TransactionEvent') meterSamples += samplesIn(p.meterValue);
    if (action === 'StopTransaction') meterSamples += samplesIn(p.transactionData);
    if (action === 'NotifyEvent') meterSamples += readingsIn((payload as { eventData?: unknown }).eventData);
  });
  c.on('sendFailed', ({ action, error }) => {
    sendFailures += 1;
    const key = `${action}: ${error.slice(0, 80)}`;
    failuresByAction.set(key, (failuresByAction.get(key) ?? 0) + 1);
  });
}

// remote commands through the API, to random booted chargers
const commandStatus = new Map<number, number>();
const commands = [{ kind: 'triggerMessage', message: 'Heartbeat' }, { kind: 'clearCache' }, { kind: 'getConfiguration' }, { kind: 'triggerMessage', message: 'StatusNotification' }];
const commandFor = (version: string) => {
  const c = commands[Math.floor(Math.random() * commands.length)]!;
  // GetConfiguration is 1.6's; 2.x reads variables with GetVariables/GetBaseReport
  return c.kind === 'getConfiguration' && version !== '1.6' ? commands[0]! : c;
};
let commandsInFlight = 0;
const commandTimer =
  commandsPerS > 0
    ? setInterval(() => {
        if (commandsInFlight > 100) return;
        const c = fleet.chargers[Math.floor(Math.random() * fleet.chargers.length)]!;
        if (!c.state().booted) return;
        commandsInFlight += 1;
        fetch(`${urls.http}/api/chargers/${c.id}/commands`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ command: commandFor(c.config.ocppVersion) }),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            commandStatus.set(res.status, (commandStatus.get(res.status) ?? 0) + 1);
          })
          .catch(() => commandStatus.set(0, (commandStatus.get(0) ?? 0) + 1))
          .finally(() => (commandsInFlight -= 1));
      }, 1000 / commandsPerS)
    : undefined;

// samples until the end (bounded)
const started = Date.now();
const samples: { s: number; rss: number; heap: number }[] = [];
const endAt = started + minutes * 60_000;
while (Date.now() < endAt) {
  await new Promise((r) => setTimeout(r, Math.min(sampleS * 1000, endAt - Date.now())));
  const s = (Date.now() - started) / 1000;
  const r = rss();
  const heap = (await heapAfterGc())?.heapUsed ?? Number.NaN;
  samples.push({ s, rss: r, heap });
  const f = fleet.summary();
  say(`  t=${s.toFixed(0)} s  rss ${mb(r)}  heap after GC ${mb(heap)}  connected ${f.connected}/${f.chargers}  booted ${f.booted}  msgs ${f.messages} (${f.messagesPerSecond}/s)  faults ${f.faultsInjected}/${f.faultsCleared} cleared  sessions ${f.sessionsStarted}  commands ${[...commandStatus.values()].reduce((a, b) => a + b, 0)}  errors: fleet ${sendFailures} runtime-log ${logErrors}`);
}

clearInterval(commandTimer);
const ranS = (Date.now() - started) / 1000;
const deadline = Date.now() + 30_000;
while (commandsInFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
await fleet.stop();
const fleetStoppedS = (Date.now() - started) / 1000 - ranS;
// the gateway's own count, before the runtime stops, once telemetry has drained (bounded)
let metrics = '';
for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
  metrics = await (await fetch(`${urls.http}/metrics`)).text();
  if (/^chargemend_queue_depth\{queue="telemetry_points"\} 0$/m.test(metrics)) break;
}
const counted = new Map<string, number>();
for (const m of metrics.matchAll(/^chargemend_ocpp_messages_total\{action="([^"]+)"\} (\d+)/gm)) counted.set(m[1]!, Number(m[2]));
child.kill('SIGTERM'); // graceful: telemetry flushed
const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
const code = await exited;
clearTimeout(killer);
const killed = child.signalCode === 'SIGKILL';
const stopS = (Date.now() - started) / 1000 - ranS;

const client = new pg.Client({ connectionString: tdb.url });
await client.connect();
const stored = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM telemetry_meter')).rows[0]!.n);
const tickets = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM ticket')).rows[0]!.n);
const commandRows = (await client.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM command GROUP BY status ORDER BY status')).rows;
const commandErrors = (await client.query<{ kind: string; error: string; n: string }>("SELECT kind, left(error, 80) AS error, count(*) AS n FROM command WHERE status IN ('failed', 'rejected', 'timed_out') GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5")).rows;
await client.end();
await tdb.drop();
rmSync(dataDir, { recursive: true, force: true });

// memory: the slope over the steady part (after the ramp and a warm-up minute), by least squares
const steady = samples.filter((x) => x.s >= rampS + 60);
const slope = (y: (x: (typeof samples)[number]) => number) => {
  if (steady.length < 3) return undefined;
  const n = steady.length;
  const mx = steady.reduce((a, x) => a + x.s, 0) / n;
  const my = steady.reduce((a, x) => a + y(x), 0) / n;
  const num = steady.reduce((a, x) => a + (x.s - mx) * (y(x) - my), 0);
  const den = steady.reduce((a, x) => a + (x.s - mx) ** 2, 0);
  return (num / den) * 60;
};
const perMin = (v: number | undefined) => (v === undefined ? 'n/a (run longer)' : `${(v / 1024 / 1024).toFixed(2)} MB/min`);
const f = fleet.summary();
const answered = [...sent.values()].reduce((a, b) => a + b, 0);
const gatewayCount = [...counted.values()].reduce((a, b) => a + b, 0);
say('');
say(`result after ${(ranS / 60).toFixed(1)} min of load (fleet stopped in ${fleetStoppedS.toFixed(0)} s, runtime ${killed ? `did not stop within 20 s of SIGTERM: killed` : `stopped in ${stopS.toFixed(0)} s with exit code ${code}`})`);
say(`  chargers ${f.chargers}, reconnects ${f.reconnects}, faults injected ${f.faultsInjected} (cleared ${f.faultsCleared}), sessions ${f.sessionsStarted}, tickets ${tickets}`);
say(`  memory: rss first ${mb(samples[0]?.rss ?? 0)}, max ${mb(Math.max(...samples.map((x) => x.rss)))}, last ${mb(samples.at(-1)?.rss ?? 0)}; heap after GC first ${mb(samples[0]?.heap ?? 0)}, max ${mb(Math.max(...samples.map((x) => x.heap)))}, last ${mb(samples.at(-1)?.heap ?? 0)}`);
say(`  steady state (from ${rampS + 60} s): rss slope ${perMin(slope((x) => x.rss))}, heap-after-GC slope ${perMin(slope((x) => x.heap))}`);
say(`  CALLs answered to the fleet ${answered}; counted by the gateway ${gatewayCount} (difference ${gatewayCount - answered}: calls answered after the fleet stopped listening, or refused)`);
for (const [action, n] of [...sent].sort((a, b) => b[1] - a[1])) say(`    ${action}: fleet ${n}, gateway ${counted.get(action) ?? 0}`);
say(`  meter samples sent and answered (MeterValues, TransactionEvent, StopTransaction data, NotifyEvent readings) ${meterSamples}; telemetry rows stored ${stored} (${stored === meterSamples ? 'all accounted for' : `difference ${stored - meterSamples}`})`);
say(`  commands via the API: ${[...commandStatus].map(([s, n]) => `${s === 0 ? 'network error' : s}: ${n}`).join(', ') || 'none'}; rows by status: ${commandRows.map((r) => `${r.status} ${r.n}`).join(', ')}`);
for (const r of commandErrors) say(`    ${r.n} × ${r.kind}: ${r.error ?? '(no error text)'}`);
say(`  errors: fleet calls failed ${sendFailures}; runtime log errors ${logErrors}`);
for (const [k, n] of [...failuresByAction].sort((a, b) => b[1] - a[1]).slice(0, 5)) say(`    ${n} × ${k}`);
for (const [k, n] of [...logCounts].sort((a, b) => b[1] - a[1]).slice(0, 10)) say(`    ${n} × ${k}`);
