import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ChargerSummary, Page } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { Link } from '../../router.tsx';
import type { FleetFilterValues } from './fleet-filters.tsx';

/** Chargers, faulted ones flagged; "Show more" follows the list's cursor. */
export function ChargerTable({ page, filters }: { page: Page<ChargerSummary>; filters: FleetFilterValues }) {
  const [more, setMore] = useState<ChargerSummary[]>([]);
  const [cursor, setCursor] = useState(page.nextCursor);
  useEffect(() => {
    setMore([]);
    setCursor(page.nextCursor);
  }, [page]);
  const loadMore = async () => {
    if (!cursor) return;
    const next = await api.get<Page<ChargerSummary>>('/api/chargers', { ...filters, limit: 100, cursor });
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  };
  const rows = [...page.items, ...more];
  if (rows.length === 0) return <p className="muted">No charger matches these filters.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Chargers">
          <thead>
            <tr>
              <th scope="col">Charger</th>
              <th scope="col">Status</th>
              <th scope="col">Connection</th>
              <th scope="col">Model</th>
              <th scope="col">Firmware</th>
              <th scope="col">OCPP</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} className={c.faulted ? 'row-faulted' : undefined} data-charger={c.id}>
                <th scope="row">
                  <Link href={`/chargers/${encodeURIComponent(c.id)}`}>{c.id}</Link>
                </th>
                <td>
                  <StatusBadge status={c.status} />
                  {c.faulted && c.status !== 'Faulted' && <StatusBadge status="Faulted" label="error reported" />}
                </td>
                <td>
                  <StatusBadge status={c.online ? 'online' : 'offline'} />
                </td>
                <td>{c.model ?? '—'}</td>
                <td>{c.firmwareVersion ?? '—'}</td>
                <td>{c.ocppVersion ?? '—'}</td>
                <td>
                  <TimeAgo iso={c.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" className="btn" onClick={() => void loadMore()}>
          Show more chargers
        </button>
      )}
    </>
  );
}
