import { api } from '../../api/client.ts';
import type { PortUptime } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { duration } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';

/** The NEVI rule (23 CFR 680.116) asks more than 97 % uptime per port. */
export const NEVI_MIN_PERCENT = 97;

interface UptimePanelProps {
  from: number;
  to: number;
  title: string;
  /** only the worst ports, lowest uptime first (fault trends); otherwise every port by month */
  worst?: number;
  reloadKey?: string;
}

/** Uptime per port and calendar month, computed by the server from the status history. */
export function UptimePanel({ from, to, title, worst, reloadKey = '' }: UptimePanelProps) {
  // the server counts a port's last status on to the period's end, even past now: stop at now
  const q = { from: new Date(from).toISOString(), to: new Date(Math.min(to, Date.now())).toISOString() };
  const rows = useResource(() => api.get<{ items: PortUptime[] }>('/api/kpis/uptime', q).then((r) => r.items), `${from}/${to}${reloadKey}`);
  return (
    <div className="panel">
      <h2>{title}</h2>
      <DataState resource={rows} label="uptime per port">
        {(items) => {
          const shown = worst ? [...items].sort((a, b) => (a.uptimePercent ?? 101) - (b.uptimePercent ?? 101)).slice(0, worst) : items;
          if (shown.length === 0) return <p className="muted">No status history in this period.</p>;
          return (
            <div className="table-wrap">
              <table className="table compact" aria-label="Uptime per port">
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Charger</th>
                    <th scope="col">Port</th>
                    <th scope="col" className="num">
                      Uptime
                    </th>
                    <th scope="col" className="num">
                      Observed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={`${r.month}/${r.chargerId}/${r.evseId}/${r.connectorId}`}>
                      <td>{r.month}</td>
                      <th scope="row">
                        <Link href={`/chargers/${encodeURIComponent(r.chargerId)}`}>{r.chargerId}</Link>
                      </th>
                      <td>
                        EVSE {r.evseId} · {r.connectorId}
                      </td>
                      <td className="num">
                        {r.uptimePercent === null ? '—' : r.uptimePercent < NEVI_MIN_PERCENT ? <StatusBadge status="high" label={`${r.uptimePercent.toFixed(2)} % — below ${NEVI_MIN_PERCENT} %`} /> : `${r.uptimePercent.toFixed(2)} %`}
                      </td>
                      <td className="num">{duration(r.observedMinutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </DataState>
    </div>
  );
}
