import { useState } from 'react';
import type { Complaint } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link, setSearch, useLocation } from '../../router.tsx';
import { contactLine, short } from '../after-sales/contact-fields.tsx';
import { ComplaintForm } from './complaint-form.tsx';

export const COMPLAINT_STATUSES = ['open', 'acknowledged', 'investigating', 'plan_shared', 'follow_up', 'closed', 'cancelled'] as const;

/** Complaints with where each stands in the handling loop; log new ones. */
export function ComplaintsPage() {
  const { can } = useAuth();
  const { search } = useLocation();
  const [adding, setAdding] = useState(false);
  const status = search.get('status') ?? undefined;
  const list = useResource(() => api.get<Page<Complaint>>('/api/complaints', { status, limit: 100 }), status ?? '');
  useLiveEvents((e) => e.name === 'ticket.updated', list.reload, 1_000);
  return (
    <section aria-labelledby="complaints-title">
      <div className="panel-head">
        <h1 id="complaints-title">Complaints</h1>
        {can('tickets:write') && (
          <button type="button" className="btn btn-primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
            {adding ? 'Close the form' : 'Log a complaint'}
          </button>
        )}
      </div>
      {adding && <ComplaintForm />}
      <form className="filters" role="search" aria-label="Filter complaints" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status ?? ''} onChange={(e) => setSearch({ status: e.target.value })}>
            <option value="">any</option>
            {COMPLAINT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </form>
      <DataState resource={list} label="complaints">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">Nothing here yet.</p>
          ) : (
            <DataTable label="Complaints" headers={['Ref', 'Status', 'Priority', 'Contact', 'Complaint', 'Follow-ups', 'Opened']}>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/complaints/${c.id}`}>{c.reference}</Link>
                  </th>
                  <td>
                    <StatusBadge status={c.satisfiedAt ? 'succeeded' : c.status} label={c.satisfiedAt ? 'satisfied' : undefined} />
                  </td>
                  <td>{c.priority}</td>
                  <td>{contactLine(c.contact)}</td>
                  <td>{short(c.content)}</td>
                  <td>{c.followUps.length ? `${c.followUps.length} (last ${c.followUps.at(-1)!.satisfaction}/5)` : '—'}</td>
                  <td>
                    <TimeAgo iso={c.createdAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </DataState>
    </section>
  );
}
