import type { FaultView } from '../../api/service-types.ts';
import type { ChargerSummary, StatusChange } from '../../api/types.ts';

// Fault trends computed in the browser from the fault list.
// TODO(API): a server-side aggregate (GET /api/faults/trends?from&to&bucket&by=code|model|firmware|site)
// would spare fetching every occurrence on large fleets; chargers also need their site in the list.

export interface Counted {
  key: string;
  count: number;
}

export function countBy<T>(items: T[], key: (t: T) => string): Counted[] {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function codeOf(f: FaultView): string {
  return f.vendorCode && /^CX\d+$/.test(f.vendorCode) ? f.vendorCode : f.code;
}

/** Faults per time bucket for the most frequent codes (the rest summed as "other"), aligned for a chart. */
export function overTime(faults: FaultView[], from: number, to: number, bucketMs: number, top = 6) {
  const codes = countBy(faults, codeOf).slice(0, top).map((c) => c.key);
  const n = Math.max(1, Math.ceil((to - from) / bucketMs));
  const xs = Array.from({ length: n }, (_, i) => (from + i * bucketMs) / 1000);
  const series = new Map<string, number[]>([...codes, 'other'].map((c) => [c, new Array<number>(n).fill(0)]));
  for (const f of faults) {
    const i = Math.floor((new Date(f.reportedAt).getTime() - from) / bucketMs);
    if (i < 0 || i >= n) continue;
    const code = codeOf(f);
    series.get(codes.includes(code) ? code : 'other')![i]!++;
  }
  return { xs, series: [...series].filter(([, v]) => v.some((x) => x > 0)).map(([label, values]) => ({ label, values: values as Array<number | null> })) };
}

export function byCharger(faults: FaultView[], chargers: Map<string, ChargerSummary>, pick: (c: ChargerSummary) => string | null): Counted[] {
  return countBy(faults, (f) => pick(chargers.get(f.chargerId) ?? ({} as ChargerSummary)) ?? 'unknown');
}

const DOWN = new Set(['Faulted', 'Unavailable']);

/** Share of the range each connector was not Faulted/Unavailable, from its status changes. */
export function uptimePerPort(history: StatusChange[], from: number, to: number): Array<{ port: string; uptime: number }> {
  const byPort = new Map<string, StatusChange[]>();
  for (const h of history) {
    if (h.evseId === 0) continue;
    const port = `EVSE ${h.evseId} · ${h.connectorId}`;
    byPort.set(port, [...(byPort.get(port) ?? []), h]);
  }
  return [...byPort].map(([port, changes]) => {
    const sorted = changes.sort((a, b) => a.ts.localeCompare(b.ts));
    let down = 0;
    sorted.forEach((c, i) => {
      const start = Math.max(from, new Date(c.ts).getTime());
      const end = i + 1 < sorted.length ? new Date(sorted[i + 1]!.ts).getTime() : to;
      if (DOWN.has(c.status) || c.errorCode) down += Math.max(0, end - start);
    });
    return { port, uptime: 1 - down / (to - from) };
  });
}
