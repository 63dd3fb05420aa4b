import type { FleetSummary } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';

/** The counts a supervisor looks at first, each a link to the matching filtered list. */
export function FleetSummaryCards({ summary }: { summary: FleetSummary }) {
  const cards = [
    { label: 'Chargers', value: summary.chargers, href: '/fleet' },
    { label: 'Online', value: summary.online, href: '/fleet?online=true', tone: 'ok' },
    { label: 'Offline', value: summary.offline, href: '/fleet?online=false', tone: summary.offline > 0 ? 'bad' : undefined },
    { label: 'Faulted now', value: summary.faultedNow, href: '/fleet?faulted=true', tone: summary.faultedNow > 0 ? 'bad' : 'ok' },
    { label: 'Pending registration', value: summary.pendingRegistration, href: '/fleet', tone: summary.pendingRegistration > 0 ? 'warn' : undefined },
  ];
  const statuses = Object.entries(summary.connectorsByStatus).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <ul className="cards" aria-label="Fleet counts">
        {cards.map((c) => (
          <li key={c.label}>
            <Link href={c.href} className={`card ${c.tone ? `card-${c.tone}` : ''}`} data-testid={`count-${c.label.toLowerCase().replace(/ /g, '-')}`}>
              <span className="card-value">{c.value}</span>
              <span className="card-label">{c.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="split">
        <div className="panel">
          <h2>Connectors by status</h2>
          <ul className="status-list">
            {statuses.map(([status, n]) => (
              <li key={status}>
                <Link href={`/fleet?status=${status}`}>
                  <StatusBadge status={status} /> <span className="count">{n}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2>By model</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Chargers</th>
                <th scope="col">Online</th>
              </tr>
            </thead>
            <tbody>
              {summary.byModel.map((m) => (
                <tr key={m.model ?? '-'}>
                  <td>{m.model ? <Link href={`/fleet?model=${encodeURIComponent(m.model)}`}>{m.model}</Link> : <span className="muted">unknown</span>}</td>
                  <td>{m.chargers}</td>
                  <td>{m.online}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
