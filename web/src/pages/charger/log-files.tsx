import { api } from '../../api/client.ts';
import { mapLimit } from '../../api/map-limit.ts';
import type { TicketDetail, TicketFile, TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { bytes, formatDateTimeShort } from '../../components/format.ts';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';

// The API lists received files per ticket only (GET /api/tickets/{id} → files): the charger's recent
// tickets are read for theirs. Logs pulled without a ticket cannot be listed yet.
async function loadFiles(chargerId: string): Promise<Array<TicketFile & { ticket: string; ticketId: string }>> {
  const tickets = await api.get<Page<TicketSummary>>('/api/tickets', { chargerId, limit: 10 });
  const details = await mapLimit(tickets.items, 4, (t) => api.get<TicketDetail>(`/api/tickets/${t.id}`));
  return details.flatMap((t) => t.files.map((f) => ({ ...f, ticket: t.reference, ticketId: t.id }))).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** Diagnostics and log files this charger uploaded, to download. */
export function LogFiles({ chargerId }: { chargerId: string }) {
  const files = useResource(() => loadFiles(chargerId), chargerId);
  useLiveEvents((e) => e.name === 'command.updated' && e.data.chargerId === chargerId && e.data.kind === 'retrieveLogs' && e.data.status === 'succeeded', files.reload, 500);
  return (
    <div className="panel">
      <h2>Log files</h2>
      <DataState resource={files} label="the log files">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No log file received for this charger's recent tickets. "Pull logs" asks for one.</p>
          ) : (
            <ul aria-label="Log files">
              {items.map((f) => (
                <li key={f.id}>
                  <a href={f.url} download={f.fileName ?? undefined}>
                    {f.fileName ?? 'diagnostics.log'}
                  </a>{' '}
                  <span className="muted small">
                    {bytes(f.sizeBytes)} · {formatDateTimeShort(f.receivedAt)} · <Link href={`/tickets/${f.ticketId}`}>{f.ticket}</Link>
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
