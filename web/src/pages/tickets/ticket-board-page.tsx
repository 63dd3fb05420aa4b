import { api } from '../../api/client.ts';
import type { TicketStatus, TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { useDirectory } from '../../components/people.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { setSearch, useLocation } from '../../router.tsx';
import { pressingTarget, toneOf } from './sla-countdown.tsx';
import { TicketCard } from './ticket-card.tsx';
import { useTicketExtras, type TicketExtras } from './use-ticket-extras.ts';

const COLUMNS: Array<{ title: string; statuses: TicketStatus[] }> = [
  { title: 'Triage', statuses: ['open', 'routed', 'acknowledged'] },
  { title: 'Remote action', statuses: ['remote_action', 'investigating'] },
  { title: 'Awaiting dispatch', statuses: ['awaiting_dispatch', 'escalated', 'scheduled', 'plan_shared'] },
  { title: 'In the field', statuses: ['dispatched', 'on_site', 'testing', 'installed', 'commissioned', 'trained', 'follow_up'] },
  { title: 'Awaiting sign-off', statuses: ['awaiting_signoff'] },
  { title: 'Done', statuses: ['resolved_remotely', 'closed', 'cancelled'] },
];
const SEVERITIES = ['safety-critical', 'high', 'medium', 'low', 'transient'];
const TYPES = ['repair', 'consultation', 'installation', 'maintenance', 'complaint'];

/** Tickets as a board, one column per stage, with SLA countdowns; filters in the URL; follows the live feed. */
export function TicketBoardPage() {
  const { search } = useLocation();
  const me = useUser();
  const { people, nameOf } = useDirectory();
  const filters = { severity: search.get('severity') ?? undefined, type: search.get('type') ?? undefined };
  const assignee = search.get('assignee') ?? '';
  const slaFilter = search.get('sla') ?? '';
  const tickets = useResource(() => api.get<Page<TicketSummary>>('/api/tickets', { ...filters, limit: 200 }), JSON.stringify(filters));
  useLiveEvents((e) => e.name === 'ticket.updated', tickets.reload, 500);
  const extras = useTicketExtras(tickets.data?.items, assignee !== '');
  const keep = (t: TicketSummary) => {
    const x = extras.get(t.id);
    const who = t.assigneeId !== undefined ? t.assigneeId : x?.assigneeId;
    if (assignee === 'none' && (who === undefined || who !== null)) return false;
    if (assignee && assignee !== 'none' && who !== (assignee === 'me' ? me.id : assignee)) return false;
    if (slaFilter === 'at-risk') {
      const p = x?.sla ? pressingTarget(x.sla) : null;
      const tone = p ? toneOf(p.target, Date.now()) : null;
      if (tone !== 'warn' && tone !== 'bad') return false;
    }
    return true;
  };
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
          <select value={assignee} onChange={(e) => setSearch({ assignee: e.target.value })}>
            <option value="">anyone</option>
            <option value="me">me</option>
            <option value="none">unassigned</option>
            {(people ?? [])
              .filter((p) => p.id !== me.id && !p.disabled && p.role !== 'viewer')
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          SLA
          <select value={slaFilter} onChange={(e) => setSearch({ sla: e.target.value })}>
            <option value="">any</option>
            <option value="at-risk">warning or breached</option>
          </select>
        </label>
      </form>
      <DataState resource={tickets} label="tickets">
        {(page) => <Board items={page.items.filter(keep)} extras={extras} nameOf={assignee ? nameOf : undefined} />}
      </DataState>
    </section>
  );
}

function Board({ items, extras, nameOf }: { items: TicketSummary[]; extras: Map<string, TicketExtras>; nameOf: ((id: string | null | undefined) => string) | undefined }) {
  return (
    <div className="board">
      {COLUMNS.map((col) => {
        const mine = items.filter((t) => col.statuses.includes(t.status));
        return (
          <section key={col.title} className="board-column" aria-label={`${col.title}: ${mine.length} tickets`}>
            <h2>
              {col.title} <span className="count">{mine.length}</span>
            </h2>
            <ul>
              {mine.map((t) => {
                const x = extras.get(t.id);
                const who = t.assigneeId !== undefined ? t.assigneeId : x?.assigneeId;
                return (
                  <li key={t.id}>
                    <TicketCard ticket={t} extras={x} assignee={nameOf && who ? nameOf(who) : undefined} />
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
