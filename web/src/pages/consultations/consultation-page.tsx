import { useState, type FormEvent } from 'react';
import type { Consultation } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth, useUser } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort, isoFromInput, localInput } from '../../components/format.ts';
import { PersonSelect, useDirectory } from '../../components/people.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { contactLine } from '../after-sales/contact-fields.tsx';

/** One consultation: who asked what and how, who answers by when, and the answer. */
export function ConsultationPage({ id }: { id: string }) {
  const c = useResource(() => api.get<Consultation>(`/api/consultations/${encodeURIComponent(id)}`), id);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.ticketId === id, c.reload, 300);
  return (
    <section aria-labelledby="consultation-title">
      <p className="crumbs">
        <Link href="/consultations">Consultations</Link> / {c.data?.reference ?? '…'}
      </p>
      <DataState resource={c} label="this consultation">
        {(v) => <Detail c={v} onChanged={c.reload} />}
      </DataState>
    </section>
  );
}

function Detail({ c, onChanged }: { c: Consultation; onChanged(): void }) {
  const { can } = useAuth();
  const { nameOf } = useDirectory();
  const working = c.status === 'open' || c.status === 'routed';
  return (
    <>
      <header className="page-head">
        <h1 id="consultation-title">
          {c.reference} consultation by {c.channel}
        </h1>
        <p>
          <StatusBadge status={c.status} /> {c.overdue && <StatusBadge status="high" label="reply overdue" />} <span className="muted">priority {c.priority}</span>
        </p>
        <dl className="facts" data-testid="consultation-facts">
          <div>
            <dt>Contact</dt>
            <dd>{contactLine(c.contact)}</dd>
          </div>
          <div>
            <dt>Charger</dt>
            <dd>{c.chargerId ? <Link href={`/chargers/${encodeURIComponent(c.chargerId)}`}>{c.chargerId}</Link> : '—'}</dd>
          </div>
          <div>
            <dt>Routed to</dt>
            <dd>{c.routedTo ? nameOf(c.routedTo) : '—'}</dd>
          </div>
          <div>
            <dt>Reply promised by</dt>
            <dd>{formatDateTimeShort(c.promisedReplyBy)}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>{formatDateTimeShort(c.createdAt)}</dd>
          </div>
        </dl>
      </header>
      <div className="panel">
        <h2>Request</h2>
        <p className="quote">{c.content}</p>
        {c.answer && (
          <>
            <h3>Answer ({formatDateTimeShort(c.answeredAt)})</h3>
            <p className="quote">{c.answer}</p>
          </>
        )}
        <p className="small">
          <Link href={`/tickets/${c.id}`}>Timeline of {c.reference}</Link>
        </p>
      </div>
      {working && can('tickets:write') && (
        <div className="split">
          <AnswerForm id={c.id} onDone={onChanged} />
          <RouteForm id={c.id} onDone={onChanged} />
        </div>
      )}
    </>
  );
}

function AnswerForm({ id, onDone }: { id: string; onDone(): void }) {
  const save = useAction();
  const [answer, setAnswer] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/consultations/${id}/answer`, { answer }))) onDone();
  };
  return (
    <form className="panel workflow-form" aria-labelledby="answer-title" onSubmit={(e) => void submit(e)}>
      <h2 id="answer-title">Answer the customer</h2>
      <label>
        Answer given
        <textarea required rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Record the answer and close
      </button>
    </form>
  );
}

function RouteForm({ id, onDone }: { id: string; onDone(): void }) {
  const me = useUser();
  const save = useAction();
  const [to, setTo] = useState(me.id);
  const [by, setBy] = useState(localInput(new Date(Date.now() + 24 * 3_600_000)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/consultations/${id}/route`, { userId: to, promisedReplyBy: isoFromInput(by) }))) onDone();
  };
  return (
    <form className="panel workflow-form" aria-labelledby="route-title" onSubmit={(e) => void submit(e)}>
      <h2 id="route-title">Route to a colleague</h2>
      <PersonSelect label="Route to" value={to} onChange={setTo} roles={['support_engineer', 'repair_engineer', 'specialist', 'supervisor']} />
      <label>
        Promised reply by
        <input type="datetime-local" required value={by} onChange={(e) => setBy(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn" disabled={save.busy}>
        Route
      </button>
    </form>
  );
}
