import type { TimelineEntry } from '../../api/service-types.ts';
import { humanize } from '../../components/status-badge.tsx';
import { formatDateTime } from '../../components/time-ago.tsx';

function actorLabel(actor: string): string {
  if (actor === 'system') return 'Chargemend';
  if (actor.startsWith('rule:')) return `rule ${actor.slice(5)}`;
  if (actor.startsWith('user:')) return 'staff';
  return actor;
}

function describe(e: TimelineEntry): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  if (e.type === 'status' && typeof d.to === 'string') return `status → ${humanize(d.to)}${typeof d.reason === 'string' ? ` (${d.reason})` : ''}`;
  if (typeof d.summary === 'string') return `${humanize(e.type)}: ${d.summary}`;
  if (typeof d.note === 'string') return `${humanize(e.type)}: ${d.note}`;
  return humanize(e.type);
}

/** Every change, automatic action and check of the ticket, oldest first. */
export function TicketTimeline({ events }: { events: TimelineEntry[] }) {
  return (
    <div className="panel">
      <h2>Timeline</h2>
      <ol className="timeline" aria-label="Ticket timeline">
        {events.map((e, i) => (
          <li key={`${e.at}/${i}`}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> <span className="muted">{actorLabel(e.actor)}</span> — {describe(e)}
          </li>
        ))}
      </ol>
    </div>
  );
}
