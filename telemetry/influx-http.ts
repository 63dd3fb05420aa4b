import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  TelemetryBackendUnavailableError,
  TelemetryError,
  TelemetryPointsRejectedError,
  TelemetryQueryError,
} from './errors.ts';
import { HttpPoster, type PostResult } from './http-poster.ts';
import { quoteIdentifier } from './influxql.ts';

const gzip = promisify(gzipCb);

export interface InfluxOptions {
  /** e.g. http://127.0.0.1:8086 */
  url: string;
  /** the bucket (2.x/3.x) or database (1.x); created on 1.x when missing */
  bucket: string;
  /** 2.x/3.x API token, sent as `Authorization: Token …` */
  token?: string | undefined;
  /** 2.x organisation (3.x ignores it) */
  org?: string | undefined;
  /** 1.x credentials when its HTTP auth is on */
  username?: string | undefined;
  password?: string | undefined;
  /** per request; default 10 s */
  timeoutMs?: number | undefined;
  /**
   * gzip write bodies (default true, as the client library does): a meter line is ~146 bytes, so
   * 300k points/s would be ~350 Mbit/s on the wire; level 1 shrinks that 20x for ~0.2 µs a point.
   */
  gzip?: boolean | undefined;
}

/** Which write endpoint a server has: 1.x only /write; 2.x and 3.x /api/v2/write. */
export interface InfluxServer {
  api: 'v1' | 'v2';
  version: string;
}

export interface InfluxSeries {
  name?: string | undefined;
  tags?: Record<string, string> | undefined;
  columns: string[];
  values: unknown[][];
}

const queryResponse = z.object({
  results: z
    .array(
      z.object({
        error: z.string().optional(),
        series: z
          .array(
            z.object({
              name: z.string().optional(),
              tags: z.record(z.string(), z.string()).optional(),
              columns: z.array(z.string()),
              values: z.array(z.array(z.unknown())).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  error: z.string().optional(),
});

/**
 * The HTTP side of InfluxDB for the telemetry store: server detection, writes in line protocol, and
 * InfluxQL over /query — the one query language that 1.x, 2.x (v1 compatibility API) and 3.x all
 * serve. Writes skip the client library's WriteApi on purpose: it keeps its own buffer and retry
 * queue, which would sit unbounded behind our batcher's bound and order guarantees.
 */
export class InfluxHttpClient {
  private readonly base: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly poster: HttpPoster;
  private server: InfluxServer | undefined;
  private databaseReady = false;

  constructor(
    private readonly opts: InfluxOptions,
    private readonly log: Logger,
  ) {
    this.base = opts.url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.poster = new HttpPoster(this.base, this.timeoutMs);
    if (opts.token) this.authorization = `Token ${opts.token}`;
    else if (opts.username) {
      this.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
    }
  }

  /** GET /ping; every InfluxDB generation answers it with its version in `X-Influxdb-Version`. */
  async ping(): Promise<InfluxServer> {
    const res = await this.request('/ping', { method: 'GET' });
    const header = res.headers.get('x-influxdb-version');
    const body = await res.text();
    if (res.status !== 204 && res.status !== 200) {
      throw new TelemetryBackendUnavailableError(`GET /ping answered ${res.status}: ${body.slice(0, 200)}`);
    }
    const version = header ?? versionFromBody(body) ?? 'unknown';
    // `v2.7.10`, `1.6.7~rc0`, `3.0.1`: only 1.x lacks /api/v2/write (1.8 has a shim, /write is native).
    const api = /^v?1\./.test(version) ? 'v1' : 'v2';
    if (this.server?.version !== version) this.log.info({ url: this.base, version, api }, 'telemetry: InfluxDB detected');
    this.server = { api, version };
    return this.server;
  }

  /** Writes line protocol (UTF-8) at ms precision. Throws Rejected (do not retry) or Unavailable (retry). */
  async write(body: Buffer, points: number): Promise<void> {
    const server = this.server ?? (await this.ping());
    if (server.api === 'v1' && !this.databaseReady) await this.createDatabase();
    const path =
      server.api === 'v1'
        ? `/write?${new URLSearchParams({ db: this.opts.bucket, precision: 'ms' })}`
        : `/api/v2/write?${new URLSearchParams({ ...(this.opts.org ? { org: this.opts.org } : {}), bucket: this.opts.bucket, precision: 'ms' })}`;
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (this.authorization) headers.authorization = this.authorization;
    let payload = body;
    if (this.opts.gzip ?? true) {
      payload = await gzip(payload, { level: 1 });
      headers['content-encoding'] = 'gzip';
    }
    let res: PostResult;
    try {
      res = await this.poster.post(path, headers, payload);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new TelemetryBackendUnavailableError(`POST ${this.base}${path.split('?')[0]}: ${detail}`, { cause: err });
    }
    if (res.status === 204 || res.status === 200) return;
    const text = res.text;
    if (server.api === 'v1' && res.status === 404 && text.includes('database not found')) {
      // Dropped behind our back (or a restore): create it again and let the retry write.
      this.databaseReady = false;
      throw new TelemetryBackendUnavailableError(`database ${this.opts.bucket} not found`);
    }
    if (res.status === 400 || res.status === 422) {
      throw new TelemetryPointsRejectedError(`InfluxDB answered ${res.status}: ${text.slice(0, 300)}`, refusedPoints(text, points));
    }
    if (res.status === 413) {
      throw new TelemetryPointsRejectedError(`InfluxDB refused a ${body.length}-byte batch as too large; lower the batch size`, points);
    }
    if (res.status === 404 && server.api === 'v2') this.server = undefined;
    throw new TelemetryBackendUnavailableError(`InfluxDB write answered ${res.status}: ${text.slice(0, 300)}`);
  }

  /** Runs InfluxQL; times come back as epoch ms. A database that does not exist yet has no series. */
  async query(influxql: string): Promise<InfluxSeries[]> {
    if (!this.server) await this.ping().catch(() => undefined);
    const params = new URLSearchParams({ db: this.opts.bucket, q: influxql, epoch: 'ms' });
    let res: Response;
    try {
      res = await this.request(`/query?${params}`, { method: 'GET' });
    } catch (err) {
      throw new TelemetryQueryError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    const text = await res.text();
    let parsed: z.infer<typeof queryResponse>;
    try {
      parsed = queryResponse.parse(JSON.parse(text));
    } catch (err) {
      throw new TelemetryQueryError(`InfluxDB answered ${res.status} with an unexpected body: ${text.slice(0, 200)}`, { cause: err });
    }
    const error = parsed.error ?? parsed.results?.find((r) => r.error)?.error;
    if (error !== undefined) {
      // On 1.x the database appears with the first write, so "not found" just means no data yet.
      // On 2.x it means the bucket has no DBRP mapping: every read would look empty, so say so.
      if (/database not found/.test(error) && this.server?.api !== 'v2') return [];
      throw new TelemetryQueryError(`InfluxDB answered ${res.status}: ${error}${hintFor(this.opts.bucket, error, res.status)}`);
    }
    if (res.status !== 200) {
      throw new TelemetryQueryError(`InfluxDB answered ${res.status}: ${text.slice(0, 200)}${hintFor(this.opts.bucket, text, res.status)}`);
    }
    return (parsed.results ?? []).flatMap((r) => r.series ?? []).map((s) => ({ ...s, values: s.values ?? [] }));
  }

  /** Releases the kept-alive write connections. */
  close(): void {
    this.poster.close();
  }

  /** 1.x only: CREATE DATABASE is idempotent there, so no need to look first. */
  private async createDatabase(): Promise<void> {
    const body = new URLSearchParams({ q: `CREATE DATABASE ${quoteIdentifier(this.opts.bucket)}` });
    const res = await this.request('/query', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"error"')) {
      throw new TelemetryBackendUnavailableError(`CREATE DATABASE ${this.opts.bucket} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    this.databaseReady = true;
  }

  private async request(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
    const headers = { ...init.headers, ...(this.authorization ? { authorization: this.authorization } : {}) };
    try {
      return await fetch(`${this.base}${path}`, {
        method: init.method,
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if (err instanceof TelemetryError) throw err;
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
      const detail = `${init.method} ${this.base}${path.split('?')[0]}: ${err instanceof Error ? err.message : String(err)}${cause ? ` (${cause})` : ''}`;
      throw new TelemetryBackendUnavailableError(detail, { cause: err });
    }
  }
}

/**
 * How many points of a 400/422 write were lost. 1.x writes the good points of a "partial write" and
 * reports the refused ones as `dropped=N` (retention policy, type conflict) plus one "unable to parse"
 * per unparsable line (which `dropped` does not count). Any other answer, 2.x's included, gives no
 * count, so the whole batch counts as refused (some points may have been written).
 */
export function refusedPoints(errorBody: string, batchPoints: number): number {
  if (!errorBody.includes('partial write')) return batchPoints;
  const dropped = Number(/dropped=(\d+)/.exec(errorBody)?.[1] ?? 0);
  const unparsable = errorBody.split('unable to parse ').length - 1;
  return Math.min(dropped + unparsable, batchPoints);
}

function hintFor(bucket: string, error: string, status: number): string {
  if (status === 404 || /database not found|dbrp/i.test(error)) {
    return ` (InfluxDB 2.x serves InfluxQL only for buckets with a DBRP mapping: influx v1 dbrp create --db ${bucket} --rp autogen --bucket-id <id> --default)`;
  }
  return '';
}

function versionFromBody(body: string): string | undefined {
  try {
    const v = (JSON.parse(body) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
