import { useMemo, useState } from 'react';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { TrendChart, TrendTotals } from './trend-chart.tsx';
import type { TrendBucket } from '../../api/resource-types.ts';
import { UptimePanel } from './uptime-panel.tsx';

// Everything here is aggregated by the server (GET /api/kpis/fault-trends and /api/kpis/uptime), so the
// page costs the same on ten chargers or ten thousand.

const DAY = 86_400_000;
const RANGES: Array<{ id: string; label: string; days: number; bucket: TrendBucket }> = [
  { id: '7d', label: '7 days', days: 7, bucket: 'day' },
  { id: '30d', label: '30 days', days: 30, bucket: 'day' },
  { id: '90d', label: '90 days', days: 90, bucket: 'week' },
  { id: '12m', label: '12 months', days: 365, bucket: 'month' },
];

/** Faults over time by error code; by code, fault class, model, firmware and site; the ports with the lowest uptime. */
export function FaultTrendsPage() {
  const [rangeId, setRangeId] = useState('7d');
  const [tick, setTick] = useState(0);
  const range = RANGES.find((r) => r.id === rangeId)!;
  // the period ends at the next midnight (UTC), so today's faults count and the buckets stay whole days
  const { from, to } = useMemo(() => {
    const end = Math.floor(Date.now() / DAY) * DAY + DAY;
    return { from: end - range.days * DAY, to: end };
  }, [range.days, tick]);
  useLiveEvents((e) => e.name === 'fault.reported', () => setTick((n) => n + 1), 10_000);
  const reloadKey = String(tick);
  const common = { from, to, bucket: range.bucket, reloadKey };
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
      <div className="panel">
        <h2>Faults over time by error code</h2>
        <TrendChart {...common} by="code" title="Faults over time by error code" />
      </div>
      <div className="split">
        <TrendTotals {...common} title="By error code" by="code" />
        <TrendTotals {...common} title="By fault class" by="faultClass" />
        <TrendTotals {...common} title="By model" by="model" />
        <TrendTotals {...common} title="By firmware" by="firmware" />
        <TrendTotals {...common} title="By site" by="site" />
      </div>
      <UptimePanel from={from} to={to} title="Ports with the lowest uptime" worst={10} reloadKey={reloadKey} />
    </section>
  );
}
