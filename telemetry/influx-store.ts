import type { Logger } from 'pino';
import { PointBatcher, type BatchOptions } from './batcher.ts';
import { InfluxHttpClient, type InfluxOptions, type InfluxSeries } from './influx-http.ts';
import { quoteIdentifier, quoteString } from './influxql.ts';
import { LineProtocolSerializer } from './line-protocol.ts';
import { bucketWidthMs, checkRange, compareLatest } from './query-rules.ts';
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

/**
 * Telemetry in InfluxDB 1.x, 2.x or 3.x. Writes go through the shared batcher as line protocol
 * (measurements `meter`, `status`, `connection`); reads are InfluxQL over /query.
 */
export class InfluxTelemetryStore implements TelemetryStore {
  private readonly http: InfluxHttpClient;
  private readonly batcher: PointBatcher;
  private readonly serializer = new LineProtocolSerializer();

  constructor(influx: InfluxOptions, log: Logger, batching: Partial<BatchOptions> = {}) {
    const storeLog = log.child({ telemetry: 'influx' });
    this.http = new InfluxHttpClient(influx, storeLog);
    // Two requests in flight: InfluxDB parses one while we serialise the next (bench/telemetry.ts).
    const options = { ...batching, maxInflightBatches: batching.maxInflightBatches ?? 2 };
    this.batcher = new PointBatcher(async (batch) => this.http.write(await this.serializer.serializeBatch(batch), batch.length), storeLog, options);
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

  async close(): Promise<void> {
    await this.batcher.close();
    this.http.close();
  }

  async ping(): Promise<boolean> {
    try {
      await this.http.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Bucket means over [from, to), buckets aligned to the epoch like the SQL store; empty ones omitted. */
  async series(q: SeriesQuery): Promise<SeriesPoint[]> {
    const bucketMs = bucketWidthMs(q.resolutionS);
    const where = [
      eq('charger', q.chargerId),
      eq('measurand', q.measurand),
      ...(q.evseId === undefined ? [] : [eq('evse', String(q.evseId))]),
      ...(q.phase === undefined ? [] : [eq('phase', q.phase)]),
      ...timeRange(q.from, q.to),
    ];
    const series = await this.http.query(
      `SELECT mean("value") FROM "meter" WHERE ${where.join(' AND ')} GROUP BY time(${bucketMs}ms) fill(none)`,
    );
    return rows(series).map((r) => ({ ts: new Date(num(r.time)), value: num(r.mean) }));
  }

  /** Latest value per (measurand, evse, connector, phase). */
  async latest(chargerId: string, measurands?: readonly string[]): Promise<LatestValue[]> {
    if (measurands?.length === 0) return [];
    const where = [eq('charger', chargerId)];
    if (measurands) where.push(`(${measurands.map((m) => eq('measurand', m)).join(' OR ')})`);
    // A tag selected next to a selector comes from the selected (latest) point.
    const series = await this.http.query(
      `SELECT last("value") AS "value", "unit" FROM "meter" WHERE ${where.join(' AND ')} GROUP BY "measurand", "evse", "connector", "phase"`,
    );
    return rows(series)
      .map((r) => ({
        measurand: str(r.measurand) ?? '',
        evseId: Number(r.evse),
        connectorId: Number(r.connector),
        phase: str(r.phase),
        unit: str(r.unit),
        value: num(r.value),
        ts: new Date(num(r.time)),
      }))
      .sort(compareLatest);
  }

  async statusHistory(chargerId: string, from: Date, to: Date): Promise<StatusHistoryEntry[]> {
    const where = [eq('charger', chargerId), ...timeRange(from, to)];
    const series = await this.http.query(
      `SELECT "status", "errorCode", "evse", "connector" FROM "status" WHERE ${where.join(' AND ')} ORDER BY time ASC`,
    );
    return rows(series).map((r) => ({
      ts: new Date(num(r.time)),
      evseId: Number(r.evse),
      connectorId: Number(r.connector),
      status: str(r.status) ?? '',
      errorCode: str(r.errorCode),
    }));
  }
}

function eq(tag: string, value: string): string {
  return `${quoteIdentifier(tag)} = ${quoteString(value)}`;
}

function timeRange(from: Date, to: Date): string[] {
  checkRange(from, to);
  return [`time >= ${quoteString(from.toISOString())}`, `time < ${quoteString(to.toISOString())}`];
}

type Row = Record<string, unknown>;

/** Flattens InfluxQL series into rows keyed by column, with the series' GROUP BY tags merged in. */
function rows(series: InfluxSeries[]): Row[] {
  const out: Row[] = [];
  for (const s of series) {
    for (const values of s.values) {
      const row: Row = { ...s.tags };
      s.columns.forEach((c, i) => {
        row[c] = values[i];
      });
      out.push(row);
    }
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/** InfluxDB reports a tag a series does not have as '' (GROUP BY) or null (SELECT). */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
