import { api } from '../../api/client.ts';
import type { Kpis, TrendDimension } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { useDirectory } from '../../components/people.tsx';
import { PeriodPicker, periodFrom } from '../../components/period-picker.tsx';
import { setSearch, useLocation } from '../../router.tsx';
import { DIMENSIONS, TrendChart, TrendTotals } from '../trends/trend-chart.tsx';
import { bucketFor } from '../trends/trend-series.ts';
import { UptimePanel } from '../trends/uptime-panel.tsx';
import { BudgetPanel } from './budget-panel.tsx';
import { KpiCards } from './kpi-cards.tsx';
import { RecordReviewsPanel } from './record-reviews.tsx';

const TEAMS = [
  { id: 'repair_engineer', label: 'Repair engineers' },
  { id: 'support_engineer', label: 'Technical support' },
  { id: 'specialist', label: 'Service specialists' },
  { id: 'supervisor', label: 'Supervisors' },
];

/** Service quality for a period, team or person; fault trends, NEVI uptime and record reviews for the period. */
export function KpisPage() {
  const { can } = useAuth();
  const { search } = useLocation();
  const period = periodFrom(search);
  const team = search.get('team') ?? '';
  const userId = search.get('person') ?? '';
  const by = (DIMENSIONS.find((d) => d.id === search.get('by'))?.id ?? 'faultClass') as TrendDimension;
  const query = { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString(), team: userId ? undefined : team || undefined, userId: userId || undefined };
  const kpis = useResource(() => api.get<Kpis>('/api/kpis', query), JSON.stringify(query));
  const bucket = bucketFor(period.from, period.to);
  return (
    <section aria-labelledby="kpis-title">
      <h1 id="kpis-title">Service KPIs</h1>
      <form className="filters" aria-label="KPI period and scope" onSubmit={(e) => e.preventDefault()}>
        <PeriodPicker period={period} />
        <label>
          Team
          <select value={team} onChange={(e) => setSearch({ team: e.target.value, person: undefined })}>
            <option value="">whole service</option>
            {TEAMS.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <PersonFilter value={userId} />
      </form>
      <p className="muted small">
        {period.fromDay} to {period.toDay} (UTC). Team and person narrow the service figures to the tickets assigned to them.
      </p>
      <DataState resource={kpis} label="the KPIs">
        {(k) => <KpiCards k={k} />}
      </DataState>
      <div className="panel">
        <div className="panel-head">
          <h2>Fault trends</h2>
          <label>
            By
            <select value={by} onChange={(e) => setSearch({ by: e.target.value })}>
              {DIMENSIONS.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <TrendChart from={period.from} to={period.to} by={by} bucket={bucket} title={`Faults per ${bucket} by ${DIMENSIONS.find((d) => d.id === by)!.label}`} />
      </div>
      <div className="split">
        <TrendTotals title="Faults by the chosen key" from={period.from} to={period.to} by={by} bucket={bucket} limit={10} />
        <RecordReviewsPanel from={period.from} to={period.to} />
      </div>
      <UptimePanel from={period.from} to={period.to} title="Uptime per port and month (NEVI)" />
      {can('costs:read') && <BudgetPanel year={Number(period.fromDay.slice(0, 4))} />}
    </section>
  );
}

/** One person's figures: needs the colleague list (supervisors, admins). */
function PersonFilter({ value }: { value: string }) {
  const { can } = useAuth();
  const { people } = useDirectory();
  if (!can('users:read')) return null;
  return (
    <label>
      Person
      <select value={value} onChange={(e) => setSearch({ person: e.target.value })}>
        <option value="">anyone</option>
        {(people ?? [])
          .filter((p) => ['repair_engineer', 'support_engineer', 'specialist', 'supervisor'].includes(p.role))
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </select>
    </label>
  );
}
