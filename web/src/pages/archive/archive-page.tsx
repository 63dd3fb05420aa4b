import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ArchiveHit } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { DataTable } from '../../components/data-table.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDate, isoFromInput } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';
import { useParts } from '../parts/use-parts.ts';

interface Criteria {
  q: string;
  chargerId: string;
  model: string;
  faultClass: string;
  partId: string;
  type: '' | 'repair' | 'maintenance';
  from: string;
  to: string;
}
const EMPTY: Criteria = { q: '', chargerId: '', model: '', faultClass: '', partId: '', type: '', from: '', to: '' };
type Result = { items: ArchiveHit[]; nextCursor: string | null };

/** The archive of repair and maintenance records: by charger, model, fault class, part used and free text. */
export function ArchivePage() {
  const parts = useParts();
  const [c, setC] = useState(EMPTY);
  const [hits, setHits] = useState<Result | null>(null);
  const [asked, setAsked] = useState<Record<string, string>>({});
  const search = useAction();
  const set = (k: keyof Criteria) => (e: { target: { value: string } }) => setC((x) => ({ ...x, [k]: e.target.value }));
  const query = (): Record<string, string> => {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(c)) if (v.trim()) q[k] = k === 'from' || k === 'to' ? isoFromInput(v) : v.trim();
    return q;
  };
  const run = async (e: FormEvent) => {
    e.preventDefault();
    const q = query();
    const r = await search.run(() => api.get<Result>('/api/archive', { ...q, limit: 50 }));
    if (r) {
      setAsked(q);
      setHits(r);
    }
  };
  const more = async () => {
    if (!hits?.nextCursor) return;
    const r = await search.run(() => api.get<Result>('/api/archive', { ...asked, limit: 50, cursor: hits.nextCursor }));
    if (r) setHits({ items: [...hits.items, ...r.items], nextCursor: r.nextCursor });
  };
  return (
    <section aria-labelledby="archive-title">
      <h1 id="archive-title">Records archive</h1>
      <form className="panel filters" role="search" aria-label="Search the archive" onSubmit={(e) => void run(e)}>
        <label>
          Text
          <input type="search" minLength={2} value={c.q} onChange={set('q')} placeholder="contactor" />
        </label>
        <label>
          Charger
          <input value={c.chargerId} onChange={set('chargerId')} />
        </label>
        <label>
          Model
          <input value={c.model} onChange={set('model')} />
        </label>
        <label>
          Fault class
          <input value={c.faultClass} onChange={set('faultClass')} placeholder="ocpp16:GroundFailure" />
        </label>
        <label>
          Part used
          <select value={c.partId} onChange={set('partId')}>
            <option value="">any</option>
            {(parts.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.sku} {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Records
          <select value={c.type} onChange={set('type')}>
            <option value="">repairs and maintenance</option>
            <option value="repair">repairs</option>
            <option value="maintenance">maintenance</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={c.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={c.to} onChange={set('to')} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={search.busy}>
          Search
        </button>
      </form>
      <FormError error={search.error} />
      {hits && <Hits hits={hits.items} />}
      {hits?.nextCursor && (
        <button type="button" className="btn" onClick={() => void more()} disabled={search.busy}>
          Show more
        </button>
      )}
    </section>
  );
}

function Hits({ hits }: { hits: ArchiveHit[] }) {
  if (hits.length === 0) return <p className="muted">No record matches.</p>;
  return (
    <DataTable label="Archived records" headers={['Record', 'Charger', 'Fault class', 'Resolution', 'Parts', 'Closed']}>
      {hits.map((h) => (
        <tr key={h.ticketId}>
          <th scope="row">
            <Link href={`/tickets/${h.ticketId}`}>{h.reference}</Link> {h.title} <StatusBadge status={h.status} />
          </th>
          <td>
            {h.chargerId ?? '—'} {h.model && <span className="muted small">({h.model})</span>}
          </td>
          <td>{h.faultClass ?? '—'}</td>
          <td>{h.resolution ?? '—'}</td>
          <td>{h.parts.join(', ') || '—'}</td>
          <td>{formatDate(h.closedAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
