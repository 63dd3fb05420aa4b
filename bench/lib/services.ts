import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// The services a bench run uses, on this machine only: a PostgreSQL database created for the run, and a
// throwaway InfluxDB 1.x started by scripts/start-influxd.sh on its own port (127.0.0.1:18196, not the
// test suites' 18086: a suite finishing mid-run would stop a shared one, and its CPU would be counted).

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INFLUXD_PORT = process.env.BENCH_INFLUXD_PORT ?? '18196';
export const INFLUX_URL = `http://127.0.0.1:${INFLUXD_PORT}`;
const INFLUXD_PID_FILE = `${process.env.TMPDIR ?? '/tmp'}/chargemend-influxd-${INFLUXD_PORT}.pid`;

export interface RunDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database for one run (the product migrates it at start). */
export async function createRunDatabase(tag: string): Promise<RunDatabase> {
  const name = `cm_bench_${tag}_${process.pid}_${Date.now() % 1e6}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(err as Error).message}); use --database pglite`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface RunInflux {
  url: string;
  version: string;
  /** influxd's pid when start-influxd.sh started it (its CPU is reported) */
  pid: number | undefined;
  /** stops the server when this run started it */
  release(): void;
}

/** InfluxDB for the run: whatever answers at INFLUX_URL, else Debian's influxd via scripts/start-influxd.sh. */
export async function ensureInflux(): Promise<RunInflux> {
  const ping = async () => {
    try {
      return (await fetch(`${INFLUX_URL}/ping`, { signal: AbortSignal.timeout(2_000) })).headers.get('x-influxdb-version') ?? 'unknown';
    } catch {
      return undefined;
    }
  };
  const env = { ...process.env, INFLUXD_PORT };
  const pid = () => (existsSync(INFLUXD_PID_FILE) ? Number(readFileSync(INFLUXD_PID_FILE, 'utf8').trim()) : undefined);
  const already = await ping();
  if (already) return { url: INFLUX_URL, version: already, pid: pid(), release: () => undefined };
  const r = spawnSync('bash', [`${ROOT}scripts/start-influxd.sh`], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`could not start InfluxDB: ${r.stderr.trim() || r.stdout.trim()}`);
  const version = (await ping()) ?? 'unknown';
  return { url: INFLUX_URL, version, pid: pid(), release: () => void spawnSync('bash', [`${ROOT}scripts/stop-influxd.sh`], { encoding: 'utf8', env }) };
}

/** Drops a 1.x database (the store creates it on first write). */
export async function dropInfluxDatabase(url: string, name: string): Promise<void> {
  await fetch(`${url}/query?${new URLSearchParams({ q: `DROP DATABASE "${name}"` })}`, { method: 'POST' }).catch(() => undefined);
}
