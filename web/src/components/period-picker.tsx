import { setSearch } from '../router.tsx';

// A period of whole UTC days, inclusive "to" for people, exclusive for the API (?from=2026-11-01&to=2026-11-30).

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface Period {
  /** YYYY-MM-DD */
  fromDay: string;
  toDay: string;
  /** the API's instants: from inclusive, to exclusive */
  from: number;
  to: number;
}

function monthOf(ms: number, offset = 0): [number, number] {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset + 1, 1) - DAY;
  return [start, end];
}

export function periodFrom(search: URLSearchParams, now = Date.now()): Period {
  const [m0, m1] = monthOf(now);
  const valid = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);
  const fromDay = valid(search.get('from')) ?? iso(m0);
  let toDay = valid(search.get('to')) ?? iso(Math.min(m1, now));
  if (toDay < fromDay) toDay = fromDay;
  return { fromDay, toDay, from: Date.parse(`${fromDay}T00:00:00Z`), to: Date.parse(`${toDay}T00:00:00Z`) + DAY };
}

const PRESETS: Array<{ label: string; range(now: number): [number, number] }> = [
  { label: 'This month', range: (now) => monthOf(now) },
  { label: 'Last month', range: (now) => monthOf(now, -1) },
  { label: 'Last 90 days', range: (now) => [now - 89 * DAY, now] },
  { label: 'This year', range: (now) => [Date.UTC(new Date(now).getUTCFullYear(), 0, 1), now] },
];

/** From/to day inputs and presets; the period lives in the URL, so a view can be shared. */
export function PeriodPicker({ period }: { period: Period }) {
  return (
    <>
      <label>
        From
        <input type="date" value={period.fromDay} max={period.toDay} onChange={(e) => e.target.value && setSearch({ from: e.target.value })} />
      </label>
      <label>
        To (inclusive)
        <input type="date" value={period.toDay} min={period.fromDay} onChange={(e) => e.target.value && setSearch({ to: e.target.value })} />
      </label>
      <div className="actions" role="group" aria-label="Period presets">
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className="btn btn-small"
            onClick={() => {
              const [a, b] = p.range(Date.now());
              setSearch({ from: iso(a), to: iso(b) });
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
    </>
  );
}
