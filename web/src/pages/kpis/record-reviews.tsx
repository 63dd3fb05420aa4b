import { api } from '../../api/client.ts';
import type { RecordReviews } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { formatDate, percent } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { humanize } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';

/** Completeness of the records closed in the period (the server checks them); incomplete ones flagged with what is missing. */
export function RecordReviewsPanel({ from, to }: { from: number; to: number }) {
  const q = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const reviews = useResource(() => api.get<RecordReviews>('/api/kpis/record-reviews', q), JSON.stringify(q));
  const { nameOf } = useDirectory();
  return (
    <div className="panel">
      <h2>Record reviews</h2>
      <DataState resource={reviews} label="record reviews">
        {(r) => (
          <>
            <table className="table compact" aria-label="Record completeness">
              <thead>
                <tr>
                  <th scope="col">Records</th>
                  <th scope="col" className="num">
                    Checked
                  </th>
                  <th scope="col" className="num">
                    Complete
                  </th>
                  <th scope="col" className="num">
                    Rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.summary.map((s) => (
                  <tr key={s.type}>
                    <th scope="row">{humanize(s.type)}</th>
                    <td className="num">{s.checked}</td>
                    <td className="num">{s.complete}</td>
                    <td className="num">{percent(s.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Flagged records ({r.flagged.length})</h3>
            {r.flagged.length === 0 ? (
              <p className="muted">Every record closed in the period is complete.</p>
            ) : (
              <ul className="flagged" aria-label="Flagged records">
                {r.flagged.map((f) => (
                  <li key={f.ticketId}>
                    <Link href={`/tickets/${f.ticketId}`}>{f.reference}</Link> {humanize(f.type)}, closed {formatDate(f.closedAt)}
                    {f.assigneeId && <span className="muted"> · {nameOf(f.assigneeId)}</span>}
                    <ul>
                      {f.issues.map((i) => (
                        <li key={i}>{i}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </DataState>
    </div>
  );
}
