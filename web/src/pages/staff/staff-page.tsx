import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Certification } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { formatDate } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { humanize } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';
import { CertBadge } from './cert-status.tsx';
import { TrainingPlan } from './training-plan.tsx';

/** The service team: certifications running out, everyone's record, the year's training plan. */
export function StaffPage() {
  const { people } = useDirectory();
  const [days, setDays] = useState(60);
  const expiring = useResource(() => api.get<{ items: Certification[] }>('/api/staff/certifications/expiring', { days }).then((r) => r.items), String(days));
  const team = (people ?? []).filter((p) => p.role !== 'viewer' && p.role !== 'admin');
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <div className="panel">
        <div className="panel-head">
          <h2>Certifications expiring soon</h2>
          <label>
            Within
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[30, 60, 90, 180].map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </label>
        </div>
        <DataState resource={expiring} label="expiring certifications">
          {(items) =>
            items.length === 0 ? (
              <p className="muted">None expires within {days} days.</p>
            ) : (
              <table className="table compact" aria-label="Expiring certifications">
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id} className="expiring">
                      <th scope="row">
                        <Link href={`/staff/${c.userId}`}>{c.userName}</Link>
                      </th>
                      <td>{c.name}</td>
                      <td>{formatDate(c.expiresAt)}</td>
                      <td>
                        <CertBadge c={c} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </DataState>
      </div>
      <div className="panel">
        <h2>Team</h2>
        {people === null ? (
          <p className="muted" role="status">
            Loading the team…
          </p>
        ) : (
          <table className="table compact" aria-label="Team">
            <tbody>
              {team.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link href={`/staff/${p.id}`}>{p.name}</Link>
                  </th>
                  <td>{humanize(p.role)}</td>
                  <td>{p.disabled ? 'disabled' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <TrainingPlan />
    </section>
  );
}
