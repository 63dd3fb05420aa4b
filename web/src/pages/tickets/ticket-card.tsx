import type { TicketSummary } from '../../api/service-types.ts';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { Link } from '../../router.tsx';
import { SlaCountdown, pressingTarget, toneOf } from './sla-countdown.tsx';
import type { TicketExtras } from './use-ticket-extras.ts';

export function TicketCard({ ticket: t, extras, assignee }: { ticket: TicketSummary; extras?: TicketExtras | undefined; assignee?: string | undefined }) {
  const pressing = extras?.sla ? pressingTarget(extras.sla) : null;
  const tone = pressing ? toneOf(pressing.target, Date.now()) : null;
  return (
    <Link href={`/tickets/${t.id}`} className={`ticket-card ${t.severity ? `sev-${t.severity}` : ''} ${tone === 'bad' ? 'sla-card-bad' : tone === 'warn' ? 'sla-card-warn' : ''}`} data-ticket={t.number}>
      <span className="ticket-ref">{t.reference}</span>
      <span className="ticket-title">{t.title}</span>
      <span className="ticket-meta">
        {t.severity && <StatusBadge status={t.severity} />} {t.status !== 'open' && <StatusBadge status={t.status} />}
        {t.chargerId && <span className="small">{t.chargerId}</span>}
      </span>
      <span className="ticket-meta small muted">
        {humanize(t.type)} · opened <TimeAgo iso={t.createdAt} />
        {t.occurrences > 1 ? ` · ${t.occurrences}×` : ''}
        {assignee ? ` · ${assignee}` : ''}
      </span>
      {pressing && <SlaCountdown label={pressing.label} target={pressing.target} />}
    </Link>
  );
}
