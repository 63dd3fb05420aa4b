import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditEntry, Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDateTime } from '../../components/time-ago.tsx';
import { setSearch, useLocation } from '../../router.tsx';

const OUTCOME_TONE = { success: 'succeeded', failure: 'failed', denied: 'rejected' } as const;

/** Who did what, when and from where (supervisors and admins). */
export function AuditPage() {
  const { search } = useLocation();
  const filters = { action: search.get('action') ?? undefined, outcome: search.get('outcome') ?? undefined };
  const [action, setAction] = useState(filters.action ?? '');
  const first = useResource(() => api.get<Page<AuditEntry>>('/api/audit', { ...filters, limit: 100 }), JSON.stringify(filters));
  const [more, setMore] = useState<{ items: AuditEntry[]; cursor: string | null } | null>(null);
  const rows = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    const next = await api.get<Page<AuditEntry>>('/api/audit', { ...filters, limit: 100, cursor });
    setMore({ items: [...(more?.items ?? []), ...next.items], cursor: next.nextCursor });
  };
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setMore(null);
          setSearch({ action: action.trim() });
        }}
      >
        <label>
          Action
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. auth.login" />
        </label>
        <label>
          Outcome
          <select
            value={filters.outcome ?? ''}
            onChange={(e) => {
              setMore(null);
              setSearch({ outcome: e.target.value });
            }}
          >
            <option value="">any</option>
            <option>success</option>
            <option>failure</option>
            <option>denied</option>
          </select>
        </label>
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <DataState resource={first} label="the audit log">
        {() => (
          <div className="table-wrap">
            <table className="table compact" aria-label="Audit entries">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDateTime(a.at)}</td>
                    <td>
                      {a.actorLabel ?? a.actor} <span className="muted small">{a.actorRole ?? a.via}</span>
                    </td>
                    <td>{a.action}</td>
                    <td className="small">{a.target ?? '—'}</td>
                    <td>
                      <StatusBadge status={OUTCOME_TONE[a.outcome]} label={`${a.outcome}${a.statusCode ? ` ${a.statusCode}` : ''}`} />
                    </td>
                    <td className="small">{a.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataState>
      {cursor && (
        <button type="button" className="btn" onClick={() => void loadMore()}>
          Show older entries
        </button>
      )}
    </section>
  );
}
