import type { ChartSeries } from '../../components/time-series-chart.tsx';
import type { TrendBucket, TrendRow } from '../../api/resource-types.ts';

// Shapes the server's fault-trend aggregate (GET /api/kpis/fault-trends: one row per UTC bucket and key)
// for a chart and for tables. Buckets follow PostgreSQL's date_trunc: days, ISO weeks (Monday), months.

const DAY = 86_400_000;

export function bucketStart(ms: number, bucket: TrendBucket): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (bucket === 'day') return day;
  if (bucket === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function next(ms: number, bucket: TrendBucket): number {
  if (bucket === 'day') return ms + DAY;
  if (bucket === 'week') return ms + 7 * DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Every bucket from the one holding `from` to the one holding the last instant before `to`. */
export function bucketStarts(from: number, to: number, bucket: TrendBucket): number[] {
  const out: number[] = [];
  for (let b = bucketStart(from, bucket); b < to && out.length < 800; b = next(b, bucket)) out.push(b);
  return out;
}

/** The bucket that suits a period: days up to a month, weeks up to half a year, then months. */
export function bucketFor(from: number, to: number): TrendBucket {
  const days = (to - from) / DAY;
  return days <= 45 ? 'day' : days <= 200 ? 'week' : 'month';
}

export interface Total {
  key: string;
  faults: number;
}

export function totals(rows: TrendRow[]): Total[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.key, (m.get(r.key) ?? 0) + r.faults);
  return [...m].map(([key, faults]) => ({ key, faults })).sort((a, b) => b.faults - a.faults || a.key.localeCompare(b.key));
}

/** One series per frequent key (the rest summed as "other"), aligned on every bucket of the period. */
export function trendSeries(rows: TrendRow[], from: number, to: number, bucket: TrendBucket, top = 6): { xs: number[]; range: [number, number]; series: ChartSeries[] } {
  const starts = bucketStarts(from, to, bucket);
  const index = new Map(starts.map((s, i) => [new Date(s).toISOString().slice(0, 10), i]));
  const keys = totals(rows).slice(0, top).map((t) => t.key);
  const values = new Map<string, number[]>([...keys, 'other'].map((k) => [k, new Array<number>(starts.length).fill(0)]));
  for (const r of rows) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    values.get(keys.includes(r.key) ? r.key : 'other')![i]! += r.faults;
  }
  return {
    // each bar in the middle of its bucket, the axis spanning the period
    xs: starts.map((s) => (s + next(s, bucket)) / 2000),
    range: [from / 1000, to / 1000] as [number, number],
    series: [...values].filter(([, v]) => v.some((x) => x > 0)).map(([label, v]) => ({ label, values: v as Array<number | null> })),
  };
}
