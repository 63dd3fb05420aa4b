import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import type { TrendBucket, TrendDimension, TrendRow } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { totals, trendSeries } from './trend-series.ts';

export const DIMENSIONS: Array<{ id: TrendDimension; label: string }> = [
  { id: 'code', label: 'error code' },
  { id: 'faultClass', label: 'fault class' },
  { id: 'model', label: 'model' },
  { id: 'firmware', label: 'firmware' },
  { id: 'site', label: 'site' },
];

export function useFaultTrends(from: number, to: number, by: TrendDimension, bucket: TrendBucket, reloadKey = '') {
  const query = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), by, bucket };
  return useResource(() => api.get<{ items: TrendRow[] }>('/api/kpis/fault-trends', query).then((r) => r.items), `${JSON.stringify(query)}${reloadKey}`);
}

/** Faults per bucket, one bar colour per frequent key, from the server's aggregate. */
export function TrendChart({ from, to, by, bucket, title, reloadKey }: { from: number; to: number; by: TrendDimension; bucket: TrendBucket; title: string; reloadKey?: string }) {
  const rows = useFaultTrends(from, to, by, bucket, reloadKey);
  return (
    <DataState resource={rows} label="fault trends">
      {(items) => <TrendBars rows={items} from={from} to={to} bucket={bucket} title={title} />}
    </DataState>
  );
}

function TrendBars({ rows, from, to, bucket, title }: { rows: TrendRow[]; from: number; to: number; bucket: TrendBucket; title: string }) {
  const data = useMemo(() => trendSeries(rows, from, to, bucket), [rows, from, to, bucket]);
  if (rows.length === 0) return <p className="muted">No fault reported in this period.</p>;
  return <TimeSeriesChart label={title} xs={data.xs} xRange={data.range} series={data.series} kind="bars" height={240} />;
}

/** Faults per key over the whole period (a table is what screen readers and exports need). */
export function TrendTotals({ title, from, to, by, bucket, reloadKey, limit = 8 }: { title: string; from: number; to: number; by: TrendDimension; bucket: TrendBucket; reloadKey?: string; limit?: number }) {
  const rows = useFaultTrends(from, to, by, bucket, reloadKey);
  return (
    <div className="panel">
      <h2>{title}</h2>
      <DataState resource={rows} label={title.toLowerCase()}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">none</p>
          ) : (
            <table className="table compact" aria-label={title}>
              <tbody>
                {totals(items)
                  .slice(0, limit)
                  .map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{r.key}</th>
                      <td className="num">{r.faults}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        }
      </DataState>
    </div>
  );
}
