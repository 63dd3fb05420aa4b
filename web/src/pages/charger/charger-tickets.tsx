import { api } from '../../api/client.ts';
import type { TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';

/** The charger's tickets, open ones first. */
export function ChargerTickets({ chargerId }: { chargerId: string }) {
  const tickets = useResource(() => api.get<Page<TicketSummary>>('/api/tickets', { chargerId, limit: 20 }), chargerId);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.chargerId === chargerId, tickets.reload, 500);
  return (
    <div className="panel">
      <h2>Tickets</h2>
      <DataState resource={tickets} label="this charger's tickets">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No ticket for this charger.</p>
          ) : (
            <ul className="ticket-list">
              {page.items.map((t) => (
                <li key={t.id}>
                  <Link href={`/tickets/${t.id}`}>
                    T-{t.number} {t.title}
                  </Link>{' '}
                  <StatusBadge status={t.status} /> {t.severity && <StatusBadge status={t.severity} />}{' '}
                  <span className="muted small">
                    <TimeAgo iso={t.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </DataState>
    </div>
  );
}
