import type { Logger } from 'pino';
import { PointBatcher, type BatchOptions } from './batcher.ts';
import { TelemetryBackendUnavailableError, TelemetryPointsRejectedError, TelemetryQueryError } from './errors.ts';
import { bucketWidthMs, checkRange, compareLatest } from './query-rules.ts';
import type { SqlExecutor } from './sql-executor.ts';
import type {
  LatestValue,
  MeterReading,
  SeriesPoint,
  SeriesQuery,
  StatusHistoryEntry,
  TelemetryPoint,
  TelemetryStats,
  TelemetryStore,
} from './types.ts';

// One statement per batch whatever its mix of kinds: a single statement is atomic, so a failed batch
// can be retried without writing any of it twice. Columns travel as arrays and are unnested, which
// keeps the statement text (and the number of parameters) fixed for any batch size. Timestamps go as
// epoch ms (float8): exact for ms, and far cheaper to serialise than Date objects.
// The same statement keeps telemetry_latest: the newest sample of each series in the batch, written only
// over an older one (a batch replayed late from the outbox does not move a series back in time).
const INSERT_BATCH = `
WITH x AS (
  SELECT * FROM unnest($1::float8[], $2::text[], $3::int4[], $4::int4[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::float8[])
    WITH ORDINALITY AS x(t, c, e, k, m, ph, u, l, cx, v, n)
), meter AS (
  INSERT INTO telemetry_meter (ts, charger_id, evse_id, connector_id, measurand, phase, unit, location, context, value)
  SELECT to_timestamp(t / 1000), c, e, k, m, ph, u, l, cx, v FROM x ORDER BY n
), latest AS (
  INSERT INTO telemetry_latest (charger_id, measurand, evse_id, connector_id, phase, unit, value, ts)
  SELECT DISTINCT ON (c, m, e, k, COALESCE(ph, '')) c, m, e, k, COALESCE(ph, ''), u, v, to_timestamp(t / 1000)
  FROM x ORDER BY c, m, e, k, COALESCE(ph, ''), t DESC, n DESC
  ON CONFLICT (charger_id, measurand, evse_id, connector_id, phase) DO UPDATE
    SET unit = EXCLUDED.unit, value = EXCLUDED.value, ts = EXCLUDED.ts
    WHERE telemetry_latest.ts <= EXCLUDED.ts
), status AS (
  INSERT INTO telemetry_status (ts, charger_id, evse_id, connector_id, status, error_code)
  SELECT to_timestamp(t / 1000), c, e, k, s, ec
  FROM unnest($11::float8[], $12::text[], $13::int4[], $14::int4[], $15::text[], $16::text[]) AS x(t, c, e, k, s, ec)
)
INSERT INTO telemetry_connection (ts, charger_id, event, reason)
SELECT to_timestamp(t / 1000), c, ev, r
FROM unnest($17::float8[], $18::text[], $19::text[], $20::text[]) AS x(t, c, ev, r)`;

const TS_MS = `(extract(epoch from ts) * 1000)::float8`;

/**
 * Telemetry in the application's own PostgreSQL or embedded PGlite database (tables
 * telemetry_meter / telemetry_latest / telemetry_status / telemetry_connection from the Prisma migrations), so a
 * single-box install has charts without InfluxDB.
 */
export class SqlTelemetryStore implements TelemetryStore {
  private readonly batcher: PointBatcher;

  constructor(
    private readonly sql: SqlExecutor,
    log: Logger,
    batching: Partial<BatchOptions> = {},
  ) {
    this.batcher = new PointBatcher((batch) => this.insert(batch.points()), log.child({ telemetry: 'sql' }), batching);
  }

  write(points: readonly TelemetryPoint[]): void {
    this.batcher.write(points);
  }

  writeMeter(chargerId: string, evseId: number, connectorId: number, readings: readonly MeterReading[]): void {
    this.batcher.writeMeter(chargerId, evseId, connectorId, readings);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  stats(): TelemetryStats {
    return this.batcher.stats();
  }

  close(): Promise<void> {
    return this.batcher.close();
  }

  async ping(): Promise<boolean> {
    try {
      await this.sql.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async series(q: SeriesQuery): Promise<SeriesPoint[]> {
    const width = bucketWidthMs(q.resolutionS);
    checkRange(q.from, q.to);
    const params: unknown[] = [q.chargerId, q.measurand, width, q.from.toISOString(), q.to.toISOString()];
    let extra = '';
    if (q.evseId !== undefined) extra += ` AND evse_id = $${params.push(q.evseId)}::int4`;
    if (q.phase !== undefined) extra += ` AND phase = $${params.push(q.phase)}::text`;
    const rows = await this.read<{ bucket_ms: number; value: number }>(
      `SELECT floor(${TS_MS} / $3::float8) * $3::float8 AS bucket_ms, avg(value)::float8 AS value
       FROM telemetry_meter
       WHERE charger_id = $1::text AND measurand = $2::text AND ts >= $4::timestamptz AND ts < $5::timestamptz${extra}
       GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({ ts: new Date(r.bucket_ms), value: r.value }));
  }

  async latest(chargerId: string, measurands?: readonly string[]): Promise<LatestValue[]> {
    if (measurands?.length === 0) return [];
    const params: unknown[] = [chargerId];
    const filter = measurands ? ` AND measurand = ANY($${params.push([...measurands])}::text[])` : '';
    const rows = await this.read<{
      measurand: string;
      evse_id: number;
      connector_id: number;
      /** '' for none */
      phase: string;
      unit: string | null;
      value: number;
      ts_ms: number;
    }>(
      `SELECT measurand, evse_id, connector_id, phase, unit, value, ${TS_MS} AS ts_ms
       FROM telemetry_latest
       WHERE charger_id = $1::text${filter}`,
      params,
    );
    return rows
      .map((r) => ({
        measurand: r.measurand,
        evseId: r.evse_id,
        connectorId: r.connector_id,
        phase: r.phase || undefined,
        unit: r.unit ?? undefined,
        value: r.value,
        ts: new Date(r.ts_ms),
      }))
      .sort(compareLatest);
  }

  async statusHistory(chargerId: string, from: Date, to: Date): Promise<StatusHistoryEntry[]> {
    checkRange(from, to);
    const rows = await this.read<{ ts_ms: number; evse_id: number; connector_id: number; status: string; error_code: string | null }>(
      `SELECT ${TS_MS} AS ts_ms, evse_id, connector_id, status, error_code
       FROM telemetry_status
       WHERE charger_id = $1::text AND ts >= $2::timestamptz AND ts < $3::timestamptz
       ORDER BY ts, id`,
      [chargerId, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({
      ts: new Date(r.ts_ms),
      evseId: r.evse_id,
      connectorId: r.connector_id,
      status: r.status,
      errorCode: r.error_code ?? undefined,
    }));
  }

  /**
   * A data error (SQLSTATE class 22/23, e.g. an evse id beyond int4 or a NUL in a string) is the fault
   * of some point, not of the database: the batch is halved until the bad points are isolated, so
   * one of them costs itself and not the 4,999 others.
   */
  private async insert(batch: TelemetryPoint[]): Promise<void> {
    try {
      await this.sql.query(INSERT_BATCH, columns(batch));
    } catch (err) {
      const state = sqlState(err);
      const detail = err instanceof Error ? err.message : String(err);
      if (state === undefined || !(state.startsWith('22') || state.startsWith('23'))) {
        throw new TelemetryBackendUnavailableError(detail, { cause: err });
      }
      if (batch.length === 1) throw new TelemetryPointsRejectedError(`${detail} (SQLSTATE ${state})`, 1, { cause: err });
      const mid = batch.length >>> 1;
      let rejected: TelemetryPointsRejectedError | undefined;
      let count = 0;
      // If the database fails for good between the halves, the batcher retries the whole batch and
      // the first half is written twice; accepted for a failure inside a failure.
      for (const half of [batch.slice(0, mid), batch.slice(mid)]) {
        try {
          await this.insert(half);
        } catch (e) {
          if (!(e instanceof TelemetryPointsRejectedError)) throw e;
          rejected ??= e;
          count += e.rejectedPoints;
        }
      }
      if (rejected) throw new TelemetryPointsRejectedError(rejected.message, count, { cause: rejected.cause });
    }
  }

  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return await this.sql.query<T>(sql, params);
    } catch (err) {
      throw new TelemetryQueryError(err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
}

/** Column arrays for INSERT_BATCH, in parameter order. */
function columns(batch: readonly TelemetryPoint[]): unknown[][] {
  const m: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  const s: unknown[][] = [[], [], [], [], [], []];
  const c: unknown[][] = [[], [], [], []];
  for (const p of batch) {
    const t = p.ts.getTime();
    if (p.kind === 'meter') {
      m[0]!.push(t); m[1]!.push(p.chargerId); m[2]!.push(p.evseId); m[3]!.push(p.connectorId); m[4]!.push(p.measurand);
      m[5]!.push(p.phase ?? null); m[6]!.push(p.unit ?? null); m[7]!.push(p.location ?? null); m[8]!.push(p.context ?? null);
      m[9]!.push(p.value);
    } else if (p.kind === 'status') {
      s[0]!.push(t); s[1]!.push(p.chargerId); s[2]!.push(p.evseId); s[3]!.push(p.connectorId); s[4]!.push(p.status);
      s[5]!.push(p.errorCode ?? null);
    } else {
      c[0]!.push(t); c[1]!.push(p.chargerId); c[2]!.push(p.event); c[3]!.push(p.reason ?? null);
    }
  }
  return [...m, ...s, ...c];
}

/** The SQLSTATE both pg and PGlite put on their errors as `code`. */
function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
