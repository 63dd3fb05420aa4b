import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
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

export interface InfluxProxy {
  url: string;
  /** down: every request's connection is reset, as when the server dies mid-flight */
  setDown(down: boolean): void;
  /** write requests that reached InfluxDB, in arrival order (bodies decompressed) */
  writes: { path: string; authorization: string | undefined; gzip: boolean; body: string }[];
  close(): Promise<void>;
}

/**
 * An HTTP front for the real InfluxDB that a test can take down and bring back, and that records
 * what was written through it. With `asV2`, it presents the 2.x API shape (/ping says v2, writes go
 * to /api/v2/write?org&bucket) and translates writes onto the 1.x server's /write?db=, because no
 * InfluxDB 2.x runs here; /query passes through as the v1-compatibility API of 2.x would serve it.
 */
export async function startInfluxProxy(options: { asV2?: boolean } = {}): Promise<InfluxProxy> {
  const target = influxUrl();
  let down = false;
  const writes: InfluxProxy['writes'] = [];
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', target);
        if (options.asV2 && url.pathname === '/ping') {
          res.writeHead(204, { 'X-Influxdb-Version': 'v2.7.10', 'X-Influxdb-Build': 'OSS' }).end();
          return;
        }
        if (options.asV2 && url.pathname === '/write') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not found","message":"path not found"}');
          return;
        }
        if (url.pathname === '/api/v2/write') {
          if (!options.asV2) {
            res.writeHead(404).end('404 page not found');
            return;
          }
          url.pathname = '/write';
          url.search = new URLSearchParams({ db: url.searchParams.get('bucket') ?? '', precision: url.searchParams.get('precision') ?? 'ns' }).toString();
        }
        const gzipped = req.headers['content-encoding'] === 'gzip';
        if (url.pathname === '/write') {
          writes.push({ path: req.url ?? '', authorization: req.headers.authorization, gzip: gzipped, body: (gzipped ? gunzipSync(body) : body).toString() });
        }
        const upstream = await fetch(url, {
          method: req.method ?? 'GET',
          headers: { 'content-type': req.headers['content-type'] ?? 'text/plain', ...(gzipped ? { 'content-encoding': 'gzip' } : {}) },
          ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
        });
        const headers: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          // fetch has decoded the body already, so length and encoding headers no longer apply
          if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
        });
        res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
      })().catch((err: unknown) => {
        res.writeHead(502).end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    setDown(d) {
      down = d;
      if (d) server.closeIdleConnections();
    },
    writes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
