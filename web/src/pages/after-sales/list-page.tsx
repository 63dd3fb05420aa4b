import { useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';

export interface Column<T> {
  title: string;
  cell(row: T): ReactNode;
}

interface ListPageProps<T> {
  title: string;
  endpoint: string;
  columns: Array<Column<T>>;
  rowKey(row: T): string;
  /** the list takes ?q= */
  searchable?: boolean;
  /** reloads on ticket events (consultations and complaints are tickets) */
  followsTickets?: boolean;
  intro?: string;
}

/** A read-only list of an after-sales resource with optional search and "show more". */
export function ListPage<T>({ title, endpoint, columns, rowKey, searchable, followsTickets, intro }: ListPageProps<T>) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const first = useResource(() => api.get<Page<T>>(endpoint, { limit: 100, ...(query ? { q: query } : {}) }), `${endpoint}?${query}`);
  const [more, setMore] = useState<{ items: T[]; cursor: string | null } | null>(null);
  useLiveEvents((e) => followsTickets === true && e.name === 'ticket.updated', first.reload, 1_000);
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    const next = await api.get<Page<T>>(endpoint, { limit: 100, cursor, ...(query ? { q: query } : {}) });
    setMore({ items: [...(more?.items ?? []), ...next.items], cursor: next.nextCursor });
  };
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{title}</h1>
      {intro && <p className="muted">{intro}</p>}
      {searchable && (
        <form
          className="filters"
          role="search"
          aria-label={`Search ${title.toLowerCase()}`}
          onSubmit={(e) => {
            e.preventDefault();
            setMore(null);
            setQuery(q.trim());
          }}
        >
          <label>
            Search
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <button type="submit" className="btn">
            Search
          </button>
        </form>
      )}
      <DataState resource={first} label={title.toLowerCase()}>
        {(page) => {
          const rows = [...page.items, ...(more?.items ?? [])];
          if (rows.length === 0) return <p className="muted">Nothing here yet.</p>;
          return (
            <DataTable label={title} headers={columns.map((c) => c.title)}>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.title}>{c.cell(r)}</td>
                  ))}
                </tr>
              ))}
            </DataTable>
          );
        }}
      </DataState>
      {cursor && (
        <button type="button" className="btn" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </section>
  );
}
