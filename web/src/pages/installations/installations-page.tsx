import { useState } from 'react';
import type { Installation } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { mapLimit } from '../../api/map-limit.ts';
import type { TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { ChecklistEditor } from './checklist-editor.tsx';
import { ScheduleForm } from './schedule-form.tsx';

// The API has no list of installations: the installation tickets are listed, each record read on its own.
async function loadInstallations(): Promise<Installation[]> {
  const tickets = await api.get<Page<TicketSummary>>('/api/tickets', { type: 'installation', limit: 100 });
  const rows = await mapLimit(tickets.items, 6, (t) => api.get<Installation>(`/api/installations/${t.id}`));
  return rows.sort((a, b) => b.window.start.localeCompare(a.window.start));
}

/** Installations by appointment, with where each stands; schedule new ones; the models' checklists. */
export function InstallationsPage() {
  const { can } = useAuth();
  const { nameOf } = useDirectory();
  const [adding, setAdding] = useState(false);
  const list = useResource(loadInstallations, 'installations');
  useLiveEvents((e) => e.name === 'ticket.updated', list.reload, 1_000);
  return (
    <section aria-labelledby="installations-title">
      <div className="panel-head">
        <h1 id="installations-title">Installations</h1>
        {can('tickets:dispatch') && (
          <button type="button" className="btn btn-primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
            {adding ? 'Close the form' : 'Schedule an installation'}
          </button>
        )}
      </div>
      {adding && <ScheduleForm />}
      <DataState resource={list} label="installations">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No installation scheduled.</p>
          ) : (
            <DataTable label="Installations" headers={['Ref', 'Appointment', 'Charger', 'Customer', 'Installer', 'Status']}>
              {items.map((i) => (
                <tr key={i.ticket.id}>
                  <th scope="row">
                    <Link href={`/installations/${i.ticket.id}`}>{i.ticket.reference}</Link>
                  </th>
                  <td>{formatDateTimeShort(i.window.start)}</td>
                  <td>
                    {i.chargerId} {i.model && <span className="muted small">({i.model})</span>}
                  </td>
                  <td>{i.ticket.customer?.name ?? '—'}</td>
                  <td>{nameOf(i.installerId)}</td>
                  <td>
                    <StatusBadge status={i.ticket.status} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </DataState>
      {can('tickets:supervise') && <ChecklistEditor />}
    </section>
  );
}
