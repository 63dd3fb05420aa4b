import { DataState } from '../../components/data-state.tsx';
import { formatDate } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { SubNav } from '../../components/sub-nav.tsx';
import { Link, useLocation } from '../../router.tsx';
import { MonthCalendar } from './month-calendar.tsx';
import { PlansPanel } from './plans-panel.tsx';
import { isOpen, useMaintenance, type VisitRow } from './use-maintenance.ts';

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/** Plans, and their visits on a month calendar or as a list of what is upcoming and overdue. */
export function MaintenancePage() {
  const { search } = useLocation();
  const view = search.get('view') === 'list' ? 'list' : 'month';
  const month = /^\d{4}-\d{2}$/.test(search.get('month') ?? '') ? search.get('month')! : new Date().toISOString().slice(0, 7);
  const data = useMaintenance();
  const q = (v: string, m = month) => `/maintenance?view=${v}&month=${m}`;
  return (
    <section aria-labelledby="maintenance-title">
      <h1 id="maintenance-title">Maintenance</h1>
      <SubNav
        label="Maintenance views"
        items={[
          { href: q('month'), label: 'Month', current: view === 'month' },
          { href: q('list'), label: 'Upcoming and overdue', current: view === 'list' },
        ]}
      />
      <DataState resource={data} label="maintenance">
        {(d) => (
          <>
            {view === 'month' ? (
              <div className="panel">
                <div className="panel-head">
                  <h2>{new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</h2>
                  <div className="actions">
                    <Link className="btn btn-small" href={q('month', shiftMonth(month, -1))}>
                      Previous month
                    </Link>
                    <Link className="btn btn-small" href={q('month', new Date().toISOString().slice(0, 7))}>
                      This month
                    </Link>
                    <Link className="btn btn-small" href={q('month', shiftMonth(month, 1))}>
                      Next month
                    </Link>
                  </div>
                </div>
                <MonthCalendar month={month} visits={d.visits} />
              </div>
            ) : (
              <VisitList visits={d.visits.filter(isOpen)} />
            )}
            <PlansPanel plans={d.plans} visits={d.visits} onChanged={data.reload} />
          </>
        )}
      </DataState>
    </section>
  );
}

function VisitList({ visits }: { visits: VisitRow[] }) {
  const overdue = visits.filter((v) => v.overdue).length;
  return (
    <div className="panel">
      <h2>
        Open visits <span className="count">{visits.length}</span> {overdue > 0 && <StatusBadge status="high" label={`${overdue} overdue`} />}
      </h2>
      {visits.length === 0 ? (
        <p className="muted">No visit is open.</p>
      ) : (
        <table className="table compact" aria-label="Open maintenance visits">
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Visit</th>
              <th scope="col">Charger</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => (
              <tr key={v.id} className={v.overdue ? 'row-faulted' : undefined}>
                <td>
                  {formatDate(v.dueAt)} {v.overdue && <StatusBadge status="high" label="overdue" />}
                </td>
                <th scope="row">
                  <Link href={`/maintenance/visits/${v.id}`}>{v.reference}</Link>
                </th>
                <td>{v.chargerId}</td>
                <td>
                  <StatusBadge status={v.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
