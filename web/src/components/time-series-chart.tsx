import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** one value per x (null = no data in that bucket) */
  values: Array<number | null>;
}

interface TimeSeriesChartProps {
  /** shown as the accessible name; the visible title is the caller's heading */
  label: string;
  /** unix seconds, ascending */
  xs: number[];
  series: ChartSeries[];
  unit?: string;
  kind?: 'line' | 'bars';
  height?: number;
  /** the x axis spans this range (unix seconds) instead of the data's */
  xRange?: [number, number];
}

const COLOURS = ['#0f766e', '#b45309', '#1d4ed8', '#be123c', '#7c3aed', '#4d7c0f', '#0e7490', '#a16207'];

/** A uPlot chart that follows its container's width. */
export function TimeSeriesChart({ label, xs, series, unit, kind = 'line', height = 220, xRange }: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = kind === 'bars' ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
    // Bars stack: each series is drawn as the running total up to it, the totals first, so every series
    // shows as its own segment; the legend still reads each series' own value.
    const stacked = kind === 'bars' && series.length > 1;
    const drawn = stacked ? stackSeries(series) : series.map((s, i) => ({ ...s, index: i, raw: s.values }));
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: series.length > 1 },
      cursor: { drag: { x: true, y: false } },
      scales: { x: xRange ? { time: true, range: () => xRange } : { time: true } },
      axes: [{}, { label: unit, size: 60, values: (_u, ticks) => ticks.map((v) => compact(v)) }],
      series: [
        {},
        ...drawn.map((s) => ({
          label: s.label,
          stroke: COLOURS[s.index % COLOURS.length],
          fill: kind === 'bars' ? `${COLOURS[s.index % COLOURS.length]}cc` : `${COLOURS[s.index % COLOURS.length]}22`,
          width: kind === 'bars' ? 0 : 2,
          spanGaps: false,
          value: (_u: uPlot, v: number | null, _si: number, idx: number | null) => (idx === null ? (v === null ? '--' : compact(v)) : String(s.raw[idx] ?? '--')),
          ...(bars ? { paths: bars, points: { show: false } } : {}),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...drawn.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [xs, series, unit, kind, height, xRange]);
  return <div ref={box} className="chart" role="img" aria-label={`${label}: ${summary(series, unit)}`} />;
}

/** Running totals, the largest (drawn first) to the smallest, each remembering its own values. */
function stackSeries(series: ChartSeries[]) {
  const totals: Array<Array<number | null>> = [];
  series.forEach((s, i) => totals.push(s.values.map((v, j) => (v ?? 0) + (i > 0 ? (totals[i - 1]![j] ?? 0) : 0))));
  return series.map((s, i) => ({ label: s.label, index: i, raw: s.values, values: totals[i]! })).reverse();
}

function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

function summary(series: ChartSeries[], unit = ''): string {
  return series
    .map((s) => {
      const vs = s.values.filter((v): v is number => v !== null);
      if (vs.length === 0) return `${s.label} no data`;
      return `${s.label} min ${compact(Math.min(...vs))}${unit}, max ${compact(Math.max(...vs))}${unit}, last ${compact(vs[vs.length - 1]!)}${unit}`;
    })
    .join('; ');
}
