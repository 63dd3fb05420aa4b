import type { TicketSummary } from '../../api/service-types.ts';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { Link } from '../../router.tsx';
import { SlaCountdown } from './sla-countdown.tsx';

export function TicketCard({ ticket: t }: { ticket: TicketSummary }) {
  return (
    <Link href={`/tickets/${t.id}`} className={`ticket-card ${t.severity ? `sev-${t.severity}` : ''}`} data-ticket={t.number}>
      <span className="ticket-ref">{t.reference}</span>
      <span className="ticket-title">{t.title}</span>
      <span className="ticket-meta">
        {t.severity && <StatusBadge status={t.severity} />} {t.status !== 'open' && <StatusBadge status={t.status} />}
        {t.chargerId && <span className="small">{t.chargerId}</span>}
      </span>
      <span className="ticket-meta small muted">
        {humanize(t.type)} · opened <TimeAgo iso={t.createdAt} />
        {t.occurrences > 1 ? ` · ${t.occurrences}×` : ''}
              </span>
      {t.slaDueAt && !['closed', 'resolved_remotely', 'cancelled'].includes(t.status) && <SlaCountdown dueAt={t.slaDueAt} />}
    </Link>
  );
}
