import { api } from '../../api/client.ts';
import type { TicketDetail } from '../../api/service-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { TimeAgo, formatDateTime } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { CostsPanel } from './costs-panel.tsx';
import { DiagnosisView } from './diagnosis-view.tsx';
import { SlaPanel } from './sla-panel.tsx';
import { SurveyPanel } from './survey-panel.tsx';
import { TicketFiles } from './ticket-files.tsx';
import { TicketTimeline } from './ticket-timeline.tsx';
import { TicketWorkflow } from './ticket-workflow.tsx';

/** One ticket: what happened, the automatic diagnosis, the timeline, and the next step of the workflow. */
export function TicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useResource(() => api.get<TicketDetail>(`/api/tickets/${encodeURIComponent(ticketId)}`), ticketId);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.ticketId === ticketId, ticket.reload, 300);
  return (
    <section aria-labelledby="ticket-title">
      <p className="crumbs">
        <Link href="/tickets">Tickets</Link> / {ticket.data ? `T-${ticket.data.number}` : '…'}
      </p>
      <DataState resource={ticket} label="this ticket">
        {(t) => (
          <>
            <header className="page-head">
              <h1 id="ticket-title">
                T-{t.number} {t.title}
              </h1>
              <p>
                <StatusBadge status={t.status} /> {t.severity && <StatusBadge status={t.severity} />} {t.escalated && <StatusBadge status="escalated" />}
              </p>
              <dl className="facts">
                <div>
                  <dt>Charger</dt>
                  <dd>{t.chargerId ? <Link href={`/chargers/${encodeURIComponent(t.chargerId)}`}>{t.chargerId}</Link> : '—'}</dd>
                </div>
                <div>
                  <dt>Connector</dt>
                  <dd>{t.evseId !== null ? `EVSE ${t.evseId} · connector ${t.connectorId ?? '—'}` : '—'}</dd>
                </div>
                <div>
                  <dt>Type</dt>
                  <dd>{humanize(t.type)}</dd>
                </div>
                <div>
                  <dt>Occurrences</dt>
                  <dd>{t.occurrences}</dd>
                </div>
                <div>
                  <dt>Opened</dt>
                  <dd>
                    <TimeAgo iso={t.createdAt} />
                  </dd>
                </div>
                {t.resolvedAt && (
                  <div>
                    <dt>Resolved</dt>
                    <dd>
                      {formatDateTime(t.resolvedAt)} {t.resolution ? `— ${t.resolution}` : ''}
                    </dd>
                  </div>
                )}
              </dl>
            </header>
            <RecordLink type={t.type} id={t.id} />
            <SlaPanel ticketId={t.id} status={t.status} version={t.updatedAt} />
            <TicketWorkflow ticket={t} onChanged={ticket.reload} />
            {(t.type === 'repair' || t.diagnosis) && <DiagnosisView diagnosis={t.diagnosis} />}
            <TicketFiles files={t.files} />
            <CostsPanel ticketId={t.id} />
            {DONE.has(t.status) && t.status !== 'cancelled' && <SurveyPanel ticketId={t.id} version={t.updatedAt} />}
            <TicketTimeline events={t.timeline} />
          </>
        )}
      </DataState>
    </section>
  );
}

const DONE = new Set(['closed', 'resolved_remotely', 'cancelled']);
const RECORDS: Record<string, { path: string; label: string }> = {
  consultation: { path: '/consultations', label: 'Open the consultation' },
  complaint: { path: '/complaints', label: 'Open the complaint' },
  maintenance: { path: '/maintenance/visits', label: 'Open the maintenance visit' },
  installation: { path: '/installations', label: 'Open the installation' },
};

/** Consultations, complaints, visits and installations are worked on their own pages. */
function RecordLink({ type, id }: { type: string; id: string }) {
  const r = RECORDS[type];
  if (!r) return null;
  return (
    <p className="note">
      <Link href={`${r.path}/${id}`}>{r.label}</Link> to work on it step by step.
    </p>
  );
}
