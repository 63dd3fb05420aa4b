import { api } from '../../api/client.ts';
import type { StaffRecord } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { formatDate, percent } from '../../components/format.ts';
import { humanize } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';
import { CertBadge, certState } from './cert-status.tsx';
import { AssessmentForm, CertificationForm, TrainingRecordForm } from './staff-forms.tsx';

/** A staff member's certifications (with expiry), training record and assessments. */
export function StaffMemberPage({ id }: { id: string }) {
  const { can } = useAuth();
  const rec = useResource(() => api.get<StaffRecord>(`/api/staff/${encodeURIComponent(id)}`), id);
  const write = can('staff:write');
  return (
    <section aria-labelledby="staff-member-title">
      <p className="crumbs">
        <Link href="/staff">Staff</Link> / {rec.data?.name ?? '…'}
      </p>
      <DataState resource={rec} label="this staff record">
        {(r) => (
          <>
            <h1 id="staff-member-title">
              {r.name} <span className="muted small">{humanize(r.role)}</span>
            </h1>
            <div className="panel">
              <h2>Certifications</h2>
              {r.certifications.length === 0 ? (
                <p className="muted">None recorded.</p>
              ) : (
                <table className="table compact" aria-label="Certifications">
                  <thead>
                    <tr>
                      <th scope="col">Certification</th>
                      <th scope="col">Models</th>
                      <th scope="col">Issued</th>
                      <th scope="col">Expires</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.certifications.map((c) => {
                      const s = certState(c);
                      return (
                        <tr key={c.id} className={s === 'expiring' ? 'expiring' : s === 'expired' ? 'expired' : undefined}>
                          <th scope="row">
                            {c.name} <span className="muted small">({c.code})</span>
                          </th>
                          <td>{c.models.join(', ') || 'all'}</td>
                          <td>{formatDate(c.issuedAt)}</td>
                          <td>{c.expiresAt ? formatDate(c.expiresAt) : 'never'}</td>
                          <td>
                            <CertBadge c={c} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              {write && <CertificationForm userId={r.userId} onDone={rec.reload} />}
            </div>
            <div className="panel">
              <h2>Training</h2>
              {r.training.length === 0 ? (
                <p className="muted">No training recorded.</p>
              ) : (
                <table className="table compact" aria-label="Training records">
                  <tbody>
                    {r.training.map((t) => (
                      <tr key={t.id}>
                        <td>{formatDate(t.completedAt)}</td>
                        <th scope="row">{t.topic}</th>
                        <td>{t.category}</td>
                        <td>{t.hours ? `${t.hours} h` : ''}</td>
                        <td>{t.result ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {write && <TrainingRecordForm userId={r.userId} onDone={rec.reload} />}
            </div>
            <div className="panel">
              <h2>Assessments</h2>
              {r.assessments.length === 0 ? (
                <p className="muted">Not assessed yet.</p>
              ) : (
                <ul aria-label="Assessments">
                  {r.assessments.map((a) => (
                    <li key={a.id}>
                      {formatDate(a.from)} – {formatDate(a.to)}: <strong>score {a.score.toFixed(1)}</strong>
                      {a.notes ? ` — ${a.notes}` : ''}
                      <span className="muted small"> ({basisSummary(a.basis)})</span>
                    </li>
                  ))}
                </ul>
              )}
              {write && <AssessmentForm userId={r.userId} onDone={rec.reload} />}
            </div>
          </>
        )}
      </DataState>
    </section>
  );
}

/** What an assessment was computed from, in one line (the basis is the server's JSON: read defensively). */
function basisSummary(basis: Record<string, unknown>): string {
  const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const k = obj(basis.kpis);
  const sat = num(obj(k.customerSatisfaction).mean);
  const complaints = obj(basis.complaints);
  const training = obj(basis.training);
  return [
    `satisfaction ${sat === null ? '—' : sat.toFixed(2)}`,
    `timeliness ${percent(num(obj(k.repairTimeliness).rate))}`,
    `repair success ${percent(num(obj(k.repairSuccess).rate))}`,
    `complaints upheld ${num(complaints.upheld) ?? 0} of ${num(complaints.received) ?? 0}`,
    `training ${num(training.completed) ?? 0} of ${num(training.planned) ?? 0} done`,
  ].join(', ');
}
