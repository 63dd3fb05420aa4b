import type { MaintenanceVisit } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { formatDate, formatDateTimeShort } from '../../components/format.ts';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { NextStep, WorkflowFacts } from '../tickets/ticket-workflow.tsx';
import { FindingsForm } from './findings-form.tsx';

/** One maintenance visit: due date and plan, customer and site, dispatch, on-site safety record, checklist and findings. */
export function VisitPage({ visitId }: { visitId: string }) {
  const visit = useResource(() => api.get<MaintenanceVisit>(`/api/maintenance/visits/${encodeURIComponent(visitId)}`), visitId);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.ticketId === visitId, visit.reload, 300);
  return (
    <section aria-labelledby="visit-title">
      <p className="crumbs">
        <Link href="/maintenance">Maintenance</Link> / {visit.data?.ticket.reference ?? '…'}
      </p>
      <DataState resource={visit} label="this visit">
        {(v) => <Visit v={v} onChanged={visit.reload} />}
      </DataState>
    </section>
  );
}

function Visit({ v, onChanged }: { v: MaintenanceVisit; onChanged(): void }) {
  const { can } = useAuth();
  const t = v.ticket;
  const overdue = !v.completedAt && t.status !== 'cancelled' && Date.parse(v.dueAt) < Date.now();
  const path = `/api/workflow/tickets/${t.id}`;
  return (
    <>
      <header className="page-head">
        <h1 id="visit-title">
          {t.reference} {t.title}
        </h1>
        <p>
          <StatusBadge status={t.status} /> {overdue && <StatusBadge status="high" label="overdue" />}
        </p>
        <dl className="facts">
          <div>
            <dt>Charger</dt>
            <dd>
              <Link href={`/chargers/${encodeURIComponent(v.chargerId)}`}>{v.chargerId}</Link>
            </dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{formatDate(v.dueAt)}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{v.completedAt ? formatDateTimeShort(v.completedAt) : '—'}</dd>
          </div>
          <div>
            <dt>Timeline</dt>
            <dd>
              <Link href={`/tickets/${t.id}`}>the whole ticket</Link>
            </dd>
          </div>
        </dl>
      </header>
      <WorkflowFacts workflow={t} />
      {can('tickets:write') && (
        <NextStep workflow={t} path={path} onChanged={onChanged}>
          {t.allowedTransitions.some((e) => e.action === 'findings') && <FindingsForm ticketId={t.id} checklist={v.checklist} onDone={onChanged} />}
        </NextStep>
      )}
      <div className="panel">
        <h2>Checklist</h2>
        <ul className="check-results" aria-label="Checklist">
          {v.checklist.map((c) => (
            <li key={c.item}>
              <StatusBadge status={!c.done ? 'queued' : c.ok === false ? 'medium' : 'succeeded'} label={!c.done ? 'to do' : c.ok === false ? 'needs attention' : 'done'} /> {c.item}
              {c.note && <span className="muted"> — {c.note}</span>}
            </li>
          ))}
        </ul>
        {v.findings && (
          <>
            <h3>Findings</h3>
            {v.findings.length === 0 ? (
              <p>No findings: the charger is in good order.</p>
            ) : (
              <ul aria-label="Findings">
                {v.findings.map((f, i) => (
                  <li key={i}>
                    <StatusBadge status={f.severity.replace('_', '-')} label={humanize(f.severity)} /> {f.description}
                    {f.repairTicketId && (
                      <>
                        {' '}
                        — <Link href={`/tickets/${f.repairTicketId}`}>repair ticket</Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </>
  );
}
