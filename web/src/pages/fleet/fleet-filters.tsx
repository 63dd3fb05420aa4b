import { useEffect, useState } from 'react';
import { CONNECTOR_STATUSES } from '../../api/types.ts';
import { setSearch } from '../../router.tsx';

export interface FleetFilterValues {
  q?: string;
  status?: string;
  online?: string;
  faulted?: string;
  model?: string;
}

export function filtersFrom(search: URLSearchParams): FleetFilterValues {
  const f: FleetFilterValues = {};
  for (const k of ['q', 'status', 'online', 'faulted', 'model'] as const) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** Search and filters, kept in the URL so a filtered view can be bookmarked and shared. */
export function FleetFilters({ filters, models }: { filters: FleetFilterValues; models: string[] }) {
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => {
    const t = setTimeout(() => q !== (filters.q ?? '') && setSearch({ q: q.trim() || undefined }), 300);
    return () => clearTimeout(t);
  }, [q, filters.q]);
  return (
    <form className="filters" role="search" aria-label="Filter chargers" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search
        <input type="search" placeholder="id, vendor, model, serial" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label>
        Status
        <select value={filters.status ?? ''} onChange={(e) => setSearch({ status: e.target.value })}>
          <option value="">any</option>
          {CONNECTOR_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Connection
        <select value={filters.online ?? ''} onChange={(e) => setSearch({ online: e.target.value })}>
          <option value="">any</option>
          <option value="true">online</option>
          <option value="false">offline</option>
        </select>
      </label>
      <label>
        Faults
        <select value={filters.faulted ?? ''} onChange={(e) => setSearch({ faulted: e.target.value })}>
          <option value="">any</option>
          <option value="true">faulted now</option>
          <option value="false">no fault</option>
        </select>
      </label>
      <label>
        Model
        <select value={filters.model ?? ''} onChange={(e) => setSearch({ model: e.target.value })}>
          <option value="">any</option>
          {models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
    </form>
  );
}
