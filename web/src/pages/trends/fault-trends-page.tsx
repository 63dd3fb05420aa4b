import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { FaultView } from '../../api/service-types.ts';
import type { ChargerSummary, Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { byCharger, countBy, overTime, type Counted } from './trend-data.ts';
import { UptimeTable } from './uptime-table.tsx';

const RANGES = [
  { id: '24h', label: '24 hours', ms: 86_400_000, bucketMs: 3_600_000 },
  { id: '7d', label: '7 days', ms: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
  { id: '30d', label: '30 days', ms: 30 * 86_400_000, bucketMs: 86_400_000 },
] as const;
const MAX_PAGES = 15;

async function all<T>(path: string, query: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Faults over time by error code; by model and firmware; the chargers that fault most and their uptime. */
export function FaultTrendsPage() {
  const [rangeId, setRangeId] = useState<(typeof RANGES)[number]['id']>('24h');
  const range = RANGES.find((r) => r.id === rangeId)!;
  const data = useResource(async () => {
    const to = Date.now();
    const from = to - range.ms;
    const [faults, chargers] = await Promise.all([all<FaultView>('/api/faults', { from: new Date(from).toISOString() }), all<ChargerSummary>('/api/chargers', {})]);
    return { from, to, faults, chargers: new Map(chargers.map((c) => [c.id, c])) };
  }, rangeId);
  useLiveEvents((e) => e.name === 'fault.reported', data.reload, 10_000);
  return (
    <section aria-labelledby="trends-title">
      <div className="panel-head">
        <h1 id="trends-title">Fault trends</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">Time range</legend>
          {RANGES.map((r) => (
            <label key={r.id}>
              <input type="radio" name="trend-range" checked={r.id === rangeId} onChange={() => setRangeId(r.id)} />
              <span>{r.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <DataState resource={data} label="fault trends">
        {(d) => <Trends {...d} bucketMs={range.bucketMs} />}
      </DataState>
    </section>
  );
}

function Trends({ from, to, faults, chargers, bucketMs }: { from: number; to: number; faults: FaultView[]; chargers: Map<string, ChargerSummary>; bucketMs: number }) {
  const time = useMemo(() => overTime(faults, from, to, bucketMs), [faults, from, to, bucketMs]);
  const offenders = useMemo(() => countBy(faults, (f) => f.chargerId).slice(0, 10), [faults]);
  if (faults.length === 0) return <p className="muted">No fault reported in this range.</p>;
  return (
    <>
      <p>
        <strong>{faults.length}</strong> fault occurrences on <strong>{new Set(faults.map((f) => f.chargerId)).size}</strong> chargers; {faults.filter((f) => !f.clearedAt).length} still open.
      </p>
      <div className="panel">
        <h2>Faults over time by error code</h2>
        <TimeSeriesChart label="Faults over time by error code" xs={time.xs} series={time.series} kind="bars" height={260} />
      </div>
      <div className="split">
        <CountTable title="By error code" rows={countBy(faults, (f) => (f.vendorCode && /^CX/.test(f.vendorCode) ? `${f.vendorCode} (${f.code})` : f.code))} />
        <CountTable title="By model" rows={byCharger(faults, chargers, (c) => c.model)} />
        <CountTable title="By firmware" rows={byCharger(faults, chargers, (c) => (c.model ? `${c.model} ${c.firmwareVersion ?? ''}` : c.firmwareVersion))} />
        <CountTable title="By severity" rows={countBy(faults, (f) => f.severity)} />
      </div>
      <UptimeTable offenders={offenders} from={from} to={to} />
    </>
  );
}

function CountTable({ title, rows }: { title: string; rows: Counted[] }) {
  return (
    <div className="panel">
      <h2>{title}</h2>
      <table className="table compact" aria-label={title}>
        <tbody>
          {rows.slice(0, 8).map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.key}</th>
              <td className="num">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
