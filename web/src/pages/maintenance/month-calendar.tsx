import { StatusBadge } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';
import type { VisitRow } from './use-maintenance.ts';

const DAY = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The weeks (Monday first) covering a month, as UTC day starts; days of other months are null. */
function weeksOf(year: number, month: number): Array<Array<number | null>> {
  const first = Date.UTC(year, month, 1);
  const days = (Date.UTC(year, month + 1, 1) - first) / DAY;
  const lead = (new Date(first).getUTCDay() + 6) % 7;
  const cells: Array<number | null> = [...new Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => first + i * DAY)];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** A month as a table of weeks; each day lists the visits due that day, overdue ones marked. */
export function MonthCalendar({ month, visits }: { month: string; visits: VisitRow[] }) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const title = new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const today = new Date().toISOString().slice(0, 10);
  const byDay = new Map<string, VisitRow[]>();
  for (const v of visits) {
    const d = v.dueAt.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), v]);
  }
  return (
    <div className="table-wrap">
      <table className="calendar" aria-label={`Maintenance visits due in ${title}`}>
        <caption className="visually-hidden">Visits due in {title}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf(y, m - 1).map((week, i) => (
            <tr key={i}>
              {week.map((day, j) => {
                if (day === null) return <td key={j} className="calendar-off" />;
                const key = new Date(day).toISOString().slice(0, 10);
                const due = byDay.get(key) ?? [];
                return (
                  <td key={j} className={key === today ? 'calendar-today' : undefined} data-day={key}>
                    <span className="calendar-date">{new Date(day).getUTCDate()}</span>
                    {due.length > 0 && (
                      <ul>
                        {due.map((v) => (
                          <li key={v.id}>
                            <Link href={`/maintenance/visits/${v.id}`} className={`visit-chip ${v.overdue ? 'visit-overdue' : ''}`} aria-label={`${v.reference} ${v.chargerId}, ${v.status.replace(/_/g, ' ')}${v.overdue ? ', overdue' : ''}`}>
                              {v.chargerId} <StatusBadge status={v.overdue ? 'high' : v.status} label={v.overdue ? 'overdue' : v.status.replace(/_/g, ' ')} />
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
