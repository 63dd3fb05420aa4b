import type { Complaint } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { formatDate, formatDateTimeShort } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { contactLine } from '../after-sales/contact-fields.tsx';
import { AcknowledgeForm, FollowUpForm, InvestigationForm, PlanForm } from './complaint-actions.tsx';

const STEPS: Array<{ status: Complaint['status']; label: string }> = [
  { status: 'open', label: 'Logged' },
  { status: 'acknowledged', label: 'Acknowledged' },
  { status: 'investigating', label: 'Investigated' },
  { status: 'plan_shared', label: 'Plan shared' },
  { status: 'follow_up', label: 'Followed up' },
  { status: 'closed', label: 'Satisfied' },
];

/** One complaint through its loop: acknowledgement → investigation → plan → follow-ups until satisfied. */
export function ComplaintPage({ id }: { id: string }) {
  const c = useResource(() => api.get<Complaint>(`/api/complaints/${encodeURIComponent(id)}`), id);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.ticketId === id, c.reload, 300);
  return (
    <section aria-labelledby="complaint-title">
      <p className="crumbs">
        <Link href="/complaints">Complaints</Link> / {c.data?.reference ?? '…'}
      </p>
      <DataState resource={c} label="this complaint">
        {(v) => <Detail c={v} onChanged={c.reload} />}
      </DataState>
    </section>
  );
}

function Detail({ c, onChanged }: { c: Complaint; onChanged(): void }) {
  const { can } = useAuth();
  const { nameOf } = useDirectory();
  const has = (action: string) => c.allowedTransitions.some((e) => e.action === action);
  const at = STEPS.findIndex((s) => s.status === c.status);
  return (
    <>
      <header className="page-head">
        <h1 id="complaint-title">{c.reference} complaint</h1>
        <p>
          <StatusBadge status={c.satisfiedAt ? 'succeeded' : c.status} label={c.satisfiedAt ? 'satisfied' : undefined} /> <span className="muted">priority {c.priority}</span>
        </p>
        <ol className="steps-track" aria-label="Handling steps">
          {STEPS.map((s, i) => (
            <li key={s.status} aria-current={i === at ? 'step' : undefined} className={i < at ? 'step-done' : undefined}>
              {s.label}
            </li>
          ))}
        </ol>
        <dl className="facts" data-testid="complaint-facts">
          <div>
            <dt>Contact</dt>
            <dd>
              {contactLine(c.contact)} (by {c.channel})
            </dd>
          </div>
          <div>
            <dt>About</dt>
            <dd>{c.relatedTicketId ? <Link href={`/tickets/${c.relatedTicketId}`}>the related ticket</Link> : '—'}</dd>
          </div>
          <div>
            <dt>Staff concerned</dt>
            <dd>{c.staffId ? nameOf(c.staffId) : '—'}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>{formatDateTimeShort(c.createdAt)}</dd>
          </div>
        </dl>
      </header>
      <div className="panel">
        <h2>Complaint</h2>
        <p className="quote">{c.content}</p>
        {c.apology && (
          <>
            <h3>Acknowledged {formatDateTimeShort(c.acknowledgedAt)}</h3>
            <p className="quote">
              {c.apology}
              {'\n'}
              {c.promise}
            </p>
          </>
        )}
        {c.cause && (
          <>
            <h3>Investigation</h3>
            <p>
              <strong>Cause:</strong> {c.cause} — <strong>responsible:</strong> {c.responsibleParty}
            </p>
          </>
        )}
        {c.plans.map((p, i) => (
          <div key={p.sharedAt}>
            <h3>
              Plan {i + 1}, shared {formatDateTimeShort(p.sharedAt)}
            </h3>
            <ul>
              {p.measures.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            <p className="small muted">
              Owner {nameOf(p.ownerId)}, by {formatDate(p.deadline)}
            </p>
          </div>
        ))}
        {c.followUps.length > 0 && (
          <>
            <h3>Follow-ups</h3>
            <ol aria-label="Follow-ups">
              {c.followUps.map((f) => (
                <li key={f.at}>
                  {formatDateTimeShort(f.at)} by {f.channel}: {f.satisfaction}/5, {f.satisfied ? 'satisfied' : 'not satisfied yet'}
                  {f.notes ? ` — ${f.notes}` : ''}
                </li>
              ))}
            </ol>
          </>
        )}
        <p className="small">
          <Link href={`/tickets/${c.id}`}>Timeline of {c.reference}</Link>
        </p>
      </div>
      {can('tickets:write') && (has('acknowledge') || has('investigate') || has('plan') || has('follow-up')) && (
        <div className="panel" aria-labelledby="complaint-next">
          <h2 id="complaint-next">Next step</h2>
          {has('acknowledge') && <AcknowledgeForm id={c.id} onDone={onChanged} />}
          {has('follow-up') && <FollowUpForm id={c.id} onDone={onChanged} />}
          {has('investigate') && can('tickets:supervise') && <InvestigationForm id={c.id} onDone={onChanged} />}
          {has('plan') && can('tickets:supervise') && <PlanForm id={c.id} onDone={onChanged} />}
          {(has('investigate') || has('plan')) && !can('tickets:supervise') && !has('follow-up') && <p className="muted">A supervisor investigates and shares the handling plan.</p>}
        </div>
      )}
    </>
  );
}
