import { api } from '../../api/client.ts';
import type { StatusChange } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { Link } from '../../router.tsx';
import { uptimePerPort, type Counted } from './trend-data.ts';

/** The chargers with the most faults, with the uptime of each port over the range (from status history). */
export function UptimeTable({ offenders, from, to }: { offenders: Counted[]; from: number; to: number }) {
  const uptimes = useResource(
    () =>
      Promise.all(
        offenders.map(async (o) => {
          const h = await api.get<{ items: StatusChange[] }>(`/api/chargers/${encodeURIComponent(o.key)}/telemetry/status-history`, { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
          return { ...o, ports: uptimePerPort(h.items, from, to) };
        }),
      ),
    `${offenders.map((o) => o.key).join(',')}:${from}`,
  );
  return (
    <div className="panel">
      <h2>Top offenders and uptime per port</h2>
      <DataState resource={uptimes} label="uptime per port">
        {(rows) => (
          <table className="table compact" aria-label="Top offenders">
            <thead>
              <tr>
                <th scope="col">Charger</th>
                <th scope="col">Faults</th>
                <th scope="col">Uptime per port</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">
                    <Link href={`/chargers/${encodeURIComponent(r.key)}`}>{r.key}</Link>
                  </th>
                  <td className="num">{r.count}</td>
                  <td>{r.ports.length ? r.ports.map((p) => `${p.port}: ${(p.uptime * 100).toFixed(1)} %`).join(' · ') : 'no status changes in range'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
    </div>
  );
}
