import type { Logger } from 'pino';
import type { BatchOptions } from './batcher.ts';
import { TelemetryConfigError } from './errors.ts';
import type { InfluxOptions } from './influx-http.ts';
import { InfluxTelemetryStore } from './influx-store.ts';
import type { SqlExecutor } from './sql-executor.ts';
import { SqlTelemetryStore } from './sql-store.ts';
import type { TelemetryStore } from './types.ts';

export type * from './types.ts';
export type { BatchOptions } from './batcher.ts';
export type { InfluxOptions } from './influx-http.ts';
export { sqlExecutorFrom, type PgQueryable, type SqlExecutor } from './sql-executor.ts';
export * from './errors.ts';

export interface TelemetryStoreOptions {
  log: Logger;
  /** InfluxDB when set (config `influx`, i.e. INFLUX_URL is set) … */
  influx?: InfluxOptions | undefined;
  /** … otherwise the application's SQL database (PostgreSQL or PGlite). */
  sql?: SqlExecutor | undefined;
  /** config `telemetry`: batchSize, flushIntervalMs, maxBufferedPoints (+ retry timings) */
  batch?: Partial<BatchOptions> | undefined;
}

/** Picks the store: InfluxDB when configured, else the embedded SQL store (the out-of-the-box default). */
export function createTelemetryStore(options: TelemetryStoreOptions): TelemetryStore {
  if (options.influx) return new InfluxTelemetryStore(options.influx, options.log, options.batch);
  if (options.sql) return new SqlTelemetryStore(options.sql, options.log, options.batch);
  throw new TelemetryConfigError('neither InfluxDB options nor a SQL executor were given');
}
