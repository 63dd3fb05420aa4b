import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// The real InfluxDB the integration suites use: TEST_INFLUX_URL, or the throwaway influxd 1.6.7 that
// scripts/start-influxd.sh runs on 127.0.0.1:18086 (.ci/run starts it; so does ensureInfluxd()).

const DEFAULT_URL = 'http://127.0.0.1:18086';

export function influxUrl(): string {
  return process.env.TEST_INFLUX_URL ?? DEFAULT_URL;
}

/** A database (1.x) / bucket name of its own for each suite, so suites can run in parallel. */
export function uniqueInfluxDatabase(prefix = 'cm_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

async function answersPing(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.headers.has('x-influxdb-version');
  } catch {
    return false;
  }
}

/** Makes sure an InfluxDB answers: starts the throwaway one when the default URL is used. */
export async function ensureInfluxd(): Promise<string> {
  const url = influxUrl();
  if (await answersPing(url)) return url;
  if (process.env.TEST_INFLUX_URL) throw new Error(`TEST_INFLUX_URL=${url} does not answer /ping`);
  const script = fileURLToPath(new URL('../../scripts/start-influxd.sh', import.meta.url));
  execFileSync(script, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!(await answersPing(url))) throw new Error(`scripts/start-influxd.sh ran but ${url} does not answer /ping`);
  return url;
}

export interface InfluxQlSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** Raw InfluxQL (times as epoch ms), to check what the store wrote without going through it. */
export async function influxQuery(db: string, q: string): Promise<InfluxQlSeries[]> {
  const params = new URLSearchParams({ db, q, epoch: 'ms' });
  const res = await fetch(`${influxUrl()}/query?${params}`, { method: 'POST' });
  const body = (await res.json()) as { results?: { error?: string; series?: InfluxQlSeries[] }[]; error?: string };
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (!res.ok || error) throw new Error(`InfluxQL ${q} failed: ${res.status} ${error ?? ''}`);
  return body.results?.flatMap((r) => r.series ?? []) ?? [];
}

/** Rows of a raw query as objects keyed by column. */
export async function influxRows(db: string, q: string): Promise<Record<string, unknown>[]> {
  return (await influxQuery(db, q)).flatMap((s) =>
    s.values.map((v) => ({ ...s.tags, ...Object.fromEntries(s.columns.map((c, i) => [c, v[i]])) })),
  );
}

export async function dropInfluxDatabase(db: string): Promise<void> {
  await influxQuery(db, `DROP DATABASE "${db}"`);
}
