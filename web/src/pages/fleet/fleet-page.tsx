import { api } from '../../api/client.ts';
import type { ChargerSummary, FleetSummary, Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { useLocation } from '../../router.tsx';
import { ChargerTable } from './charger-table.tsx';
import { FleetFilters, filtersFrom } from './fleet-filters.tsx';
import { FleetSummaryCards } from './fleet-summary-cards.tsx';

const FLEET_EVENTS = new Set(['connector.status', 'fault.reported', 'fault.cleared', 'charger.connected', 'charger.disconnected', 'charger.offline', 'charger.online', 'charger.booted']);

/** Fleet health at a glance, then every charger with filters and search; both follow the live feed. */
export function FleetPage() {
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const key = JSON.stringify(filters);
  const summary = useResource(() => api.get<FleetSummary>('/api/fleet/summary'), 'summary');
  const chargers = useResource(() => api.get<Page<ChargerSummary>>('/api/chargers', { ...filters, limit: 100 }), key);
  useLiveEvents(
    (e) => FLEET_EVENTS.has(e.name),
    () => {
      summary.reload();
      chargers.reload();
    },
    1_000,
  );
  return (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet overview</h1>
      <DataState resource={summary} label="the fleet summary">
        {(s) => <FleetSummaryCards summary={s} />}
      </DataState>
      <h2>Chargers</h2>
      <FleetFilters filters={filters} models={summary.data?.byModel.map((m) => m.model).filter((m): m is string => m !== null) ?? []} />
      <DataState resource={chargers} label="chargers">
        {(page) => <ChargerTable page={page} filters={filters} />}
      </DataState>
    </section>
  );
}
