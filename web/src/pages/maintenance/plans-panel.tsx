import { useState } from 'react';
import type { MaintenancePlan } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { FormDone, FormError } from '../../components/form-error.tsx';
import { formatDate } from '../../components/format.ts';
import { Link } from '../../router.tsx';
import { PlanForm } from './plan-form.tsx';
import { planState, type VisitRow } from './use-maintenance.ts';

/** Every plan with its next visit and the last one done; supervisors add plans and generate due visits. */
export function PlansPanel({ plans, visits, onChanged }: { plans: MaintenancePlan[]; visits: VisitRow[]; onChanged(): void }) {
  const { can } = useAuth();
  const generate = useAction();
  const [done, setDone] = useState<string>();
  const [adding, setAdding] = useState(false);
  const run = async () => {
    setDone(undefined);
    const r = await generate.run(() => api.post<{ created: Array<{ reference: string }> }>('/api/maintenance/generate'));
    if (!r) return;
    setDone(r.created.length ? `Generated ${r.created.map((c) => c.reference).join(', ')}.` : 'No visit is due yet.');
    onChanged();
  };
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Maintenance plans</h2>
        {can('tickets:supervise') && (
          <div className="actions">
            <button type="button" className="btn" onClick={() => void run()} disabled={generate.busy}>
              Generate due visits
            </button>
            <button type="button" className="btn" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
              {adding ? 'Close the new plan' : 'New plan'}
            </button>
          </div>
        )}
      </div>
      <FormError error={generate.error} />
      <FormDone message={done} />
      {adding && (
        <PlanForm
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {plans.length === 0 ? (
        <p className="muted">No maintenance plan yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table compact" aria-label="Maintenance plans">
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">For</th>
                <th scope="col">Every</th>
                <th scope="col">Next visit</th>
                <th scope="col">Last serviced</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => {
                const s = planState(p.id, visits);
                return (
                  <tr key={p.id} data-plan={p.name}>
                    <th scope="row">
                      {p.name}
                      {!p.active && <span className="muted"> (inactive)</span>}
                    </th>
                    <td>{p.chargerId ? <Link href={`/chargers/${encodeURIComponent(p.chargerId)}`}>{p.chargerId}</Link> : `model ${p.model}`}</td>
                    <td>
                      {p.intervalDays} days{p.energyKwhPerService ? ` or ${p.energyKwhPerService} kWh` : ''}
                      {p.sessionsPerService ? ` or ${p.sessionsPerService} sessions` : ''}
                    </td>
                    <td>{s.next ? <Link href={`/maintenance/visits/${s.next.id}`}>{`${s.next.reference} due ${formatDate(s.next.dueAt)}${s.next.overdue ? ' (overdue)' : ''}`}</Link> : <span className="muted">none open</span>}</td>
                    <td data-testid="plan-last-serviced">{s.last ? `${formatDate(s.last.completedAt)} (${s.last.chargerId})` : <span className="muted">never</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
