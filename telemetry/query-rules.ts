import { TelemetryInvalidQueryError } from './errors.ts';
import type { LatestValue } from './types.ts';

// Read-side rules both stores share, so InfluxDB and SQL answer the same question the same way.

/** Bucket width in ms; buckets are aligned to the Unix epoch (InfluxQL GROUP BY time does the same). */
export function bucketWidthMs(resolutionS: number): number {
  const ms = Math.round(resolutionS * 1000);
  if (!Number.isFinite(ms) || ms < 1) throw new TelemetryInvalidQueryError(`resolutionS must be > 0 (got ${resolutionS})`);
  return ms;
}

/** Ranges are half-open, [from, to). */
export function checkRange(from: Date, to: Date): void {
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) {
    throw new TelemetryInvalidQueryError('from and to must be valid dates');
  }
}

/** Order of latest(): measurand, evse, connector, phase (no phase first). */
export function compareLatest(a: LatestValue, b: LatestValue): number {
  return (
    cmp(a.measurand, b.measurand) ||
    a.evseId - b.evseId ||
    a.connectorId - b.connectorId ||
    cmp(a.phase ?? '', b.phase ?? '')
  );
}

// Code-unit order, not locale order, so both stores sort identically on any machine.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
