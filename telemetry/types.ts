// Telemetry points and the store that keeps them. This folder imports nothing else of ours
// (ARCHITECTURE.md), so the shapes are restated here in plain terms.

/** One sampled value of a meter: a meter point without the charger and connector its message gives it. */
export interface MeterReading {
  ts: Date;
  measurand: string;
  value: number;
  phase?: string | undefined;
  unit?: string | undefined;
  location?: string | undefined;
  context?: string | undefined;
}

export interface MeterPoint extends MeterReading {
  kind: 'meter';
  chargerId: string;
  evseId: number;
  connectorId: number;
}

export interface StatusPoint {
  kind: 'status';
  ts: Date;
  chargerId: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string | undefined;
}

export interface ConnectionPoint {
  kind: 'connection';
  ts: Date;
  chargerId: string;
  event: 'connected' | 'disconnected';
  reason?: string | undefined;
}

export type TelemetryPoint = MeterPoint | StatusPoint | ConnectionPoint;

export interface SeriesQuery {
  chargerId: string;
  measurand: string;
  from: Date;
  to: Date;
  /** bucket width; each bucket yields the mean of its values */
  resolutionS: number;
  evseId?: number | undefined;
  phase?: string | undefined;
}

export interface SeriesPoint {
  ts: Date;
  value: number;
}

export interface LatestValue {
  measurand: string;
  evseId: number;
  connectorId: number;
  phase?: string | undefined;
  unit?: string | undefined;
  value: number;
  ts: Date;
}

export interface StatusHistoryEntry {
  ts: Date;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string | undefined;
}

export interface TelemetryStats {
  /** points accepted by write() */
  accepted: number;
  /** points confirmed written to the backend */
  written: number;
  /** points dropped because the buffer bound was reached (always also logged) */
  dropped: number;
  /** points waiting in memory */
  buffered: number;
  /**
   * points refused as unstorable (non-finite meter value, invalid timestamp, or refused by the backend
   * as invalid); always also logged. At any time: accepted = written + dropped + rejected + buffered
   * (+ points spooled to the disk outbox, when one is configured: PointBatcher.outboxStats()).
   */
  rejected?: number | undefined;
  /** consecutive failed flushes; 0 when the backend is healthy */
  failingFlushes: number;
  lastError?: string | undefined;
}

export interface TelemetryStore {
  /** Non-blocking: buffers the points; never throws for backend failures. */
  write(points: readonly TelemetryPoint[]): void;
  /**
   * The same for one connector's meter readings (a MeterValues): the hot path, which makes no point object
   * per reading.
   */
  writeMeter(chargerId: string, evseId: number, connectorId: number, readings: readonly MeterReading[]): void;
  /** Writes everything buffered now; rejects if the backend refuses. */
  flush(): Promise<void>;
  series(q: SeriesQuery): Promise<SeriesPoint[]>;
  latest(chargerId: string, measurands?: readonly string[]): Promise<LatestValue[]>;
  statusHistory(chargerId: string, from: Date, to: Date): Promise<StatusHistoryEntry[]>;
  stats(): TelemetryStats;
  /** Backend reachable? (used by /readyz) */
  ping(): Promise<boolean>;
  /** Flushes what it can and stops timers. */
  close(): Promise<void>;
}
