import type { ChargerConnection } from '../../api/types.ts';
import { formatDateTime } from '../../components/time-ago.tsx';

function duration(from: string, to: string | null): string {
  const s = Math.round(((to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime()) / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The charger's recent connections, newest first (reconnect storms and flapping show here). */
export function ConnectionHistory({ connections }: { connections: ChargerConnection[] }) {
  return (
    <details className="panel">
      <summary>
        <h2>Connections ({connections.length})</h2>
      </summary>
      <div className="table-wrap">
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Connected</th>
              <th scope="col">For</th>
              <th scope="col">Protocol</th>
              <th scope="col">Closed</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.id}>
                <td>{formatDateTime(c.connectedAt)}</td>
                <td>{duration(c.connectedAt, c.disconnectedAt)}</td>
                <td>{c.protocol}</td>
                <td>{c.disconnectedAt ? `${c.closeCode ?? ''} ${c.closeReason ?? ''}`.trim() || 'closed' : 'open'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
