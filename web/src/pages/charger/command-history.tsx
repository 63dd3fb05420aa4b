import { api } from '../../api/client.ts';
import type { CommandView } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';

function describeCommand(c: CommandView): string {
  const detail = Object.entries(c.command)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return `${c.kind}${detail ? ` (${detail})` : ''}${c.progress ? ` · ${c.progress}` : ''}${c.error ? ` · ${c.error}` : ''}`;
}

function requester(by: string): string {
  if (by.startsWith('rule:')) return `automatic (${by.slice(5)})`;
  if (by.startsWith('user:')) return 'a person';
  return by;
}

/** The charger's commands, newest first, whoever sent them (people or the diagnosis rules). */
export function CommandHistory({ chargerId }: { chargerId: string }) {
  const commands = useResource(() => api.get<Page<CommandView>>(`/api/chargers/${encodeURIComponent(chargerId)}/commands`, { limit: 20 }), chargerId);
  useLiveEvents((e) => e.name === 'command.updated' && e.data.chargerId === chargerId, commands.reload, 500);
  return (
    <div className="panel">
      <h2>Command history</h2>
      <DataState resource={commands} label="the command history">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No command sent to this charger yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table compact" aria-label="Commands">
                <thead>
                  <tr>
                    <th scope="col">Command</th>
                    <th scope="col">Status</th>
                    <th scope="col">By</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        {describeCommand(c)}
                        {c.ticketId && (
                          <>
                            {' '}
                            <Link href={`/tickets/${c.ticketId}`} className="small">
                              (ticket)
                            </Link>
                          </>
                        )}
                      </td>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                      <td>{requester(c.requestedBy)}</td>
                      <td>
                        <TimeAgo iso={c.requestedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </DataState>
    </div>
  );
}
