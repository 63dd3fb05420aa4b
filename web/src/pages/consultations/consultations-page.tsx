import { useState } from 'react';
import type { Consultation } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link, setSearch, useLocation } from '../../router.tsx';
import { contactLine, short } from '../after-sales/contact-fields.tsx';
import { ConsultationForm } from './consultation-form.tsx';

/** Consultations: log new ones; routed ones with their promised reply time, overdue ones first to see. */
export function ConsultationsPage() {
  const { can } = useAuth();
  const { search } = useLocation();
  const { nameOf } = useDirectory();
  const [adding, setAdding] = useState(false);
  const filters = { status: search.get('status') ?? undefined, overdue: search.get('overdue') === 'true' ? 'true' : undefined };
  const list = useResource(() => api.get<Page<Consultation>>('/api/consultations', { ...filters, limit: 100 }), JSON.stringify(filters));
  const overdue = useResource(() => api.get<Page<Consultation>>('/api/consultations', { overdue: 'true', limit: 100 }), 'overdue');
  useLiveEvents(
    (e) => e.name === 'ticket.updated',
    () => {
      list.reload();
      overdue.reload();
    },
    1_000,
  );
  const late = overdue.data?.items.length ?? 0;
  return (
    <section aria-labelledby="consultations-title">
      <div className="panel-head">
        <h1 id="consultations-title">Consultations</h1>
        {can('tickets:write') && (
          <button type="button" className="btn btn-primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
            {adding ? 'Close the form' : 'Log a consultation'}
          </button>
        )}
      </div>
      {late > 0 && (
        <p className="note note-warn" role="status">
          {late} promised {late === 1 ? 'reply is' : 'replies are'} overdue. <Link href="/consultations?overdue=true">Show them</Link>
        </p>
      )}
      {adding && <ConsultationForm />}
      <form className="filters" role="search" aria-label="Filter consultations" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={filters.status ?? ''} onChange={(e) => setSearch({ status: e.target.value })}>
            <option value="">any</option>
            {['open', 'routed', 'closed', 'cancelled'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.overdue === 'true'} onChange={(e) => setSearch({ overdue: e.target.checked ? 'true' : undefined })} /> Overdue replies only
        </label>
      </form>
      <DataState resource={list} label="consultations">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">Nothing here yet.</p>
          ) : (
            <DataTable label="Consultations" headers={['Ref', 'Status', 'Channel', 'Contact', 'Request', 'Reply promised', 'Opened']}>
              {page.items.map((c) => (
                <tr key={c.id} className={c.overdue ? 'row-faulted' : undefined}>
                  <th scope="row">
                    <Link href={`/consultations/${c.id}`}>{c.reference}</Link>
                  </th>
                  <td>
                    <StatusBadge status={c.status} /> {c.overdue && <StatusBadge status="high" label="overdue" />}
                  </td>
                  <td>{c.channel}</td>
                  <td>{contactLine(c.contact)}</td>
                  <td>{short(c.content)}</td>
                  <td>{c.promisedReplyBy ? `${formatDateTimeShort(c.promisedReplyBy)} · ${nameOf(c.routedTo)}` : '—'}</td>
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
