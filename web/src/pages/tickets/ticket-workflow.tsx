import { Children, useState, type ReactNode } from 'react';
import { api, ProblemError } from '../../api/client.ts';
import type { TicketDetail, WorkflowEdge, WorkflowTicket } from '../../api/service-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataState } from '../../components/data-state.tsx';
import { humanize } from '../../components/status-badge.tsx';
import { formatDateTime } from '../../components/time-ago.tsx';
import { DispatchForm } from './dispatch-form.tsx';
import { OnSiteForm, RepairTestForm, SignOffForm } from './repair-forms.tsx';

/** The after-sales side of a ticket: customer and site, work orders, tests, sign-offs, and the next step. */
export function TicketWorkflow({ ticket, onChanged }: { ticket: TicketDetail; onChanged(): void }) {
  const path = `/api/workflow/tickets/${ticket.id}`;
  const wf = useResource(() => api.get<WorkflowTicket>(path), `${ticket.id}:${ticket.status}:${ticket.updatedAt}`);
  const changed = () => {
    wf.reload();
    onChanged();
  };
  return (
    <DataState resource={wf} label="the ticket's workflow">
      {(w) => (
        <>
          <WorkflowFacts workflow={w} />
          <NextStep workflow={w} path={path} onChanged={changed} />
        </>
      )}
    </DataState>
  );
}

export function WorkflowFacts({ workflow: w }: { workflow: WorkflowTicket }) {
  // a drawn signature is the customer's personal data, like their name
  const { can } = useAuth();
  const order = w.workOrders.find((o) => !o.completedAt) ?? w.workOrders[w.workOrders.length - 1];
  return (
    <div className="panel">
      <h2>Customer and work</h2>
      <dl className="facts" data-testid="customer-facts">
        <div>
          <dt>Customer</dt>
          <dd>{w.customer ? `${w.customer.name} (${humanize(w.customer.tier)})` : '—'}</dd>
        </div>
        <div>
          <dt>Site</dt>
          <dd>{w.site ? `${w.site.name}${w.site.address ? `, ${w.site.address}` : ''}` : '—'}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{w.priority}</dd>
        </div>
        {order && (
          <div>
            <dt>Work order WO-{order.number}</dt>
            <dd>
              arrival {formatDateTime(order.window.start)} – {new Date(order.window.end).toLocaleTimeString('en-GB', { timeStyle: 'short' })}
              {order.plannedParts.length > 0 && ` · parts: ${order.plannedParts.map((p) => `${p.name} × ${p.quantity}`).join(', ')}`}
            </dd>
          </div>
        )}
      </dl>
      {w.tests.length > 0 && (
        <p>
          {w.type === 'installation' ? 'Commissioning tests' : 'Tests after repair'}: {w.tests.map((t) => `${formatDateTime(t.at)} ${t.passed ? 'passed' : 'failed'}`).join('; ')}
        </p>
      )}
      {w.signoffs.map((s) => (
        <figure key={s.id} className="signed">
          {can('personal-data:name') && <img src={s.imageUrl} alt={`Signature of ${s.name}`} height={80} />}
          <figcaption>
            Signed by {s.name} ({s.role}) on {formatDateTime(s.signedAt)}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

/** What may happen next, as the state machine allows and the role permits; `children` adds a type's own forms. */
export function NextStep({ workflow: w, path, onChanged, children }: { workflow: WorkflowTicket; path: string; onChanged(): void; children?: ReactNode }) {
  const { can } = useAuth();
  const [move, setMove] = useState<WorkflowEdge | null>(null);
  const [error, setError] = useState<string>();
  const has = (action: string) => w.allowedTransitions.some((e) => e.action === action);
  // an installation's plain moves (installed, trained) would skip its checklist and training record:
  // those happen on the installation page, only cancelling is offered here
  const plain = w.allowedTransitions.filter((e) => e.action === null && (w.type !== 'installation' || e.to === 'cancelled'));
  if (!can('tickets:write')) return null;
  const forms = (has('dispatch') && can('tickets:dispatch')) || (has('on-site') && w.status !== 'awaiting_signoff') || (has('test') && w.status === 'on_site') || (has('signoff') && w.type === 'repair');
  // nothing the state machine allows (a closed ticket): no empty panel
  if (!forms && plain.length === 0 && Children.toArray(children).length === 0 && !error) return null;
  const transition = async () => {
    if (!move) return;
    try {
      await api.post(`${path}/transitions`, { to: move.to });
      setMove(null);
      onChanged();
    } catch (err) {
      setError(err instanceof ProblemError ? err.message : String(err));
      setMove(null);
    }
  };
  return (
    <div className="panel" aria-labelledby="next-step-title">
      <h2 id="next-step-title">Next step</h2>
      {has('dispatch') && can('tickets:dispatch') && <DispatchForm path={path} onDone={onChanged} />}
      {has('on-site') && w.status !== 'awaiting_signoff' && <OnSiteForm path={path} onDone={onChanged} />}
      {has('test') && w.status === 'on_site' && <RepairTestForm path={path} onDone={onChanged} />}
      {has('signoff') && w.type === 'repair' && <SignOffForm path={path} onDone={onChanged} />}
      {children}
      {plain.length > 0 && (
        <div className="actions" role="group" aria-label="Move the ticket">
          {plain.map((e) => (
            <button key={e.to} type="button" className="btn" onClick={() => setMove(e)}>
              {e.to === 'open' ? 'Reopen' : `Move to ${humanize(e.to)}`}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog open={move !== null} title={`Move ${w.reference} to ${humanize(move?.to ?? '')}?`} confirmLabel="Move" onConfirm={() => void transition()} onCancel={() => setMove(null)}>
        <p>The change is recorded in the ticket's timeline with your name.</p>
      </ConfirmDialog>
    </div>
  );
}
