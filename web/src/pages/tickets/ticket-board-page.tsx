import { api } from '../../api/client.ts';
import type { TicketStatus, TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { setSearch, useLocation } from '../../router.tsx';
import { TicketCard } from './ticket-card.tsx';

const COLUMNS: Array<{ title: string; statuses: TicketStatus[] }> = [
  { title: 'Triage', statuses: ['open'] },
  { title: 'Remote action', statuses: ['remote_action'] },
  { title: 'Awaiting dispatch', statuses: ['awaiting_dispatch', 'escalated'] },
  { title: 'In the field', statuses: ['dispatched', 'on_site', 'testing'] },
  { title: 'Awaiting sign-off', statuses: ['awaiting_signoff'] },
  { title: 'Done', statuses: ['resolved_remotely', 'closed', 'cancelled'] },
];
const SEVERITIES = ['safety-critical', 'high', 'medium', 'low', 'transient'];
const TYPES = ['repair', 'consultation', 'installation', 'maintenance', 'complaint'];

/** Tickets as a board, one column per stage; filters in the URL; follows the live feed. */
export function TicketBoardPage() {
  const { search } = useLocation();
  const filters = { severity: search.get('severity') ?? undefined, type: search.get('type') ?? undefined, assignee: search.get('assignee') ?? undefined };
  const tickets = useResource(() => api.get<Page<TicketSummary>>('/api/tickets', { ...filters, limit: 200 }), JSON.stringify(filters));
  useLiveEvents((e) => e.name === 'ticket.updated', tickets.reload, 500);
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title">Tickets</h1>
      <form className="filters" role="search" aria-label="Filter tickets" onSubmit={(e) => e.preventDefault()}>
        <label>
          Severity
          <select value={filters.severity ?? ''} onChange={(e) => setSearch({ severity: e.target.value })}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={filters.type ?? ''} onChange={(e) => setSearch({ type: e.target.value })}>
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <select value={filters.assignee ?? ''} onChange={(e) => setSearch({ assignee: e.target.value })}>
            <option value="">anyone</option>
            <option value="me">me</option>
            <option value="none">unassigned</option>
          </select>
        </label>
      </form>
      <DataState resource={tickets} label="tickets">
        {(page) => (
          <div className="board">
            {COLUMNS.map((col) => {
              const items = page.items.filter((t) => col.statuses.includes(t.status));
              return (
                <section key={col.title} className="board-column" aria-label={`${col.title}: ${items.length} tickets`}>
                  <h2>
                    {col.title} <span className="count">{items.length}</span>
                  </h2>
                  <ul>
                    {items.map((t) => (
                      <li key={t.id}>
                        <TicketCard ticket={t} />
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </DataState>
    </section>
  );
}
