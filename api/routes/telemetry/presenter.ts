import type { LatestValue, SeriesPoint, StatusHistoryEntry } from '../../../telemetry/types.ts';

export function presentSeries(measurand: string, from: Date, to: Date, resolutionS: number, points: SeriesPoint[]) {
  return { measurand, from: from.toISOString(), to: to.toISOString(), resolutionS, points: points.map((p) => ({ ts: p.ts.toISOString(), value: p.value })) };
}

export function presentLatest(v: LatestValue) {
  return { measurand: v.measurand, evseId: v.evseId, connectorId: v.connectorId, phase: v.phase ?? null, unit: v.unit ?? null, value: v.value, ts: v.ts.toISOString() };
}

export function presentStatus(s: StatusHistoryEntry) {
  return { ts: s.ts.toISOString(), evseId: s.evseId, connectorId: s.connectorId, status: s.status, errorCode: s.errorCode ?? null };
}
