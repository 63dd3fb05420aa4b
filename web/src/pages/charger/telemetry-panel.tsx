import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { LatestValue, Series } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { TimeSeriesChart } from '../../components/time-series-chart.tsx';

const RANGES = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: '6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 hours', ms: 86_400_000 },
  { id: '7d', label: '7 days', ms: 7 * 86_400_000 },
] as const;
type RangeId = (typeof RANGES)[number]['id'];

const MEASURANDS = [
  { measurand: 'Power.Active.Import', title: 'Power', unit: 'W' },
  { measurand: 'Energy.Active.Import.Register', title: 'Energy', unit: 'Wh' },
  { measurand: 'Temperature', title: 'Temperature', unit: '°C' },
  { measurand: 'Voltage', title: 'Voltage', unit: 'V' },
] as const;
const REFRESH_MS = 30_000;

/** Power, energy, temperature and voltage over a chosen range, plus the latest reading of each. */
export function TelemetryPanel({ chargerId }: { chargerId: string }) {
  const [range, setRange] = useState<RangeId>('1h');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  const base = `/api/chargers/${encodeURIComponent(chargerId)}/telemetry`;
  const latest = useResource(() => api.get<{ items: LatestValue[] }>(`${base}/latest`), `${chargerId}:${tick}`);
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Telemetry</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Time range</legend>
          {RANGES.map((r) => (
            <label key={r.id}>
              <input type="radio" name="telemetry-range" value={r.id} checked={range === r.id} onChange={() => setRange(r.id)} />
              <span>{r.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <DataState resource={latest} label="the latest readings">
        {(l) => <LatestReadings items={l.items} />}
      </DataState>
      <div className="charts">
        {MEASURANDS.map((m) => (
          <MeasurandChart key={m.measurand} base={base} measurand={m.measurand} title={m.title} unit={m.unit} rangeMs={RANGES.find((r) => r.id === range)!.ms} tick={tick} />
        ))}
      </div>
    </div>
  );
}

function LatestReadings({ items }: { items: LatestValue[] }) {
  const shown = items.filter((i) => MEASURANDS.some((m) => m.measurand === i.measurand));
  if (shown.length === 0) return <p className="muted">No meter values received yet.</p>;
  return (
    <ul className="readings" aria-label="Latest readings">
      {shown.map((i) => (
        <li key={`${i.measurand}/${i.evseId}/${i.connectorId}/${i.phase ?? ''}`}>
          <span className="reading-value">
            {Number.isInteger(i.value) ? i.value : i.value.toFixed(1)} {i.unit ?? ''}
          </span>
          <span className="reading-label">
            {i.measurand} · EVSE {i.evseId}
            {i.phase ? ` ${i.phase}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

function MeasurandChart({ base, measurand, title, unit, rangeMs, tick }: { base: string; measurand: string; title: string; unit: string; rangeMs: number; tick: number }) {
  const series = useResource(() => {
    const to = new Date();
    return api.get<Series>(`${base}/series`, { measurand, from: new Date(to.getTime() - rangeMs).toISOString(), to: to.toISOString() });
  }, `${base}:${measurand}:${rangeMs}:${tick}`);
  const data = useMemo(() => {
    const points = series.data?.points ?? [];
    return { xs: points.map((p) => new Date(p.ts).getTime() / 1000), series: [{ label: title, values: points.map((p) => p.value) }] };
  }, [series.data, title]);
  return (
    <figure className="chart-box">
      <figcaption>
        {title} ({unit})
      </figcaption>
      <DataState resource={series} label={`${title.toLowerCase()} readings`}>
        {() => (data.xs.length === 0 ? <p className="muted chart-empty">No {title.toLowerCase()} readings in this range.</p> : <TimeSeriesChart label={`${title} over time`} xs={data.xs} series={data.series} unit={unit} />)}
      </DataState>
    </figure>
  );
}
