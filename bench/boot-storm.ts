// bench/boot-storm — N known chargers reconnecting at once (after a gateway restart or a network blip):
// time until every BootNotification is accepted, and errors.
//
//   npx tsx bench/boot-storm.ts [--chargers 10000] [--workers 4] [--database postgres|pglite]
//                               [--telemetry influx|embedded]
//
// First the chargers connect and boot at a moderate pace (registration, not timed), then all of them
// disconnect; once the gateway has recorded every disconnect, all N reconnect at the same moment (every
// load process opens its whole share at once) and send BootNotification as soon as the socket is open.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { backendChoice, GatewayProcess } from './lib/gateway-process.ts';
import { LoadPool } from './lib/load-pool.ts';
import { machineLine } from './lib/machine.ts';
import { CpuMeter } from './lib/proc.ts';
import { fmt, percentile, printTable, sortedCopy } from './lib/report.ts';

const { values: a } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '4' },
    database: { type: 'string', default: 'postgres' },
    telemetry: { type: 'string', default: 'influx' },
  },
});
const N = Math.min(19_000, Number(a.chargers));
const WORKERS = Math.max(1, Math.min(8, Number(a.workers)));

const gw = await GatewayProcess.start({ tag: 'bootstorm', ...backendChoice(a.database, a.telemetry) });
const pool = LoadPool.start(WORKERS);
const ids = Array.from({ length: N }, (_, i) => `BS-${String(i).padStart(5, '0')}`);
const rows: Array<Record<string, string | number>> = [];

/** Chargers the database still shows online (their disconnect was not recorded). */
async function onlineInDatabase(): Promise<number | string> {
  if (!gw.databaseUrl) return '-';
  const c = new pg.Client({ connectionString: gw.databaseUrl });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM charger WHERE online')).rows[0]!.n);
  } finally {
    await c.end();
  }
}

try {
  const storm = async (label: string, concurrencyPerWorker: number) => {
    const cpu = new CpuMeter([gw.pid, ...pool.pids]);
    const t0 = performance.now();
    const r = await pool.connect(gw.ocppUrl, ids, { concurrencyPerWorker, boot: true });
    const wallS = (performance.now() - t0) / 1000;
    const booted = sortedCopy(r.flatMap((x) => x.bootedAtMs));
    const errors = r.reduce((s, x) => s + x.errors, 0);
    rows.push({
      phase: label, chargers: N, 'all accepted after (s)': errors ? `- (${fmt.int(booted.length)} accepted in ${wallS.toFixed(1)})` : (booted.at(-1)! / 1000).toFixed(1),
      'accepted p50 / p95 (s)': `${(percentile(booted, 50) / 1000).toFixed(1)} / ${(percentile(booted, 95) / 1000).toFixed(1)}`,
      'boots/s': fmt.int(booted.length / wallS), errors: errors + (errors ? ` (${[...new Set(r.flatMap((x) => x.errorSamples))].join('; ')})` : ''),
      'gateway CPU (s)': cpu.used([gw.pid]).toFixed(1), 'gateway CPU ms/boot': ((cpu.used([gw.pid]) * 1000) / Math.max(1, booted.length)).toFixed(2),
    });
    return errors;
  };
  await storm('first connection (registration, 50 at once per process)', 50);
  const t0 = performance.now();
  await pool.close();
  await gw.quiesce();
  rows.push({ phase: `all disconnect at once; gateway idle again after ${((performance.now() - t0) / 1000).toFixed(1)} s`, chargers: N, errors: `${await onlineInDatabase()} still online in the database (disconnect not recorded)` });
  await storm('reconnect storm (all at once)', 0);
} finally {
  await pool.close().catch(() => undefined);
  await pool.stop();
  await gw.stop();
}
printTable(
  'boot storm: N known chargers reconnecting at once',
  {
    machine: machineLine(),
    command: `npx tsx bench/boot-storm.ts --chargers ${N} --workers ${WORKERS} --database ${a.database} --telemetry ${a.telemetry}`,
    gateway: gw.description,
    load: `${WORKERS} load processes, lean OCPP 1.6 clients; each opens its socket and sends BootNotification at once; time from the storm's start`,
    target: '10,000 chargers accepted within 20 s, no errors',
    'gateway log (warn+)': gw.log.summary(),
  },
  rows,
);
process.exit(0);
