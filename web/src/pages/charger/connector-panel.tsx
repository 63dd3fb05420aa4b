import type { ChargerDetail } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';

/** Status per EVSE and connector, as the charger last reported it (updated live by the page). */
export function ConnectorPanel({ charger }: { charger: ChargerDetail }) {
  if (charger.evses.length === 0) return <p className="muted">The charger has not reported any connector yet.</p>;
  return (
    <div className="panel">
      <h2>Connectors</h2>
      <ul className="connectors" aria-label="Connector status">
        {charger.evses.flatMap((e) =>
          e.connectors.map((k) => (
            <li key={`${e.evseId}/${k.connectorId}`} className={`connector ${k.status === 'Faulted' || k.errorCode ? 'connector-faulted' : ''}`} data-testid={`connector-${e.evseId}-${k.connectorId}`}>
              <span className="connector-name">{e.evseId === 0 ? 'Charger (EVSE 0)' : `EVSE ${e.evseId} · connector ${k.connectorId}`}</span>
              <StatusBadge status={k.status} />
              {k.errorCode && (
                <span className="connector-error">
                  {k.errorCode}
                  {k.vendorErrorCode ? ` / ${k.vendorErrorCode}` : ''}
                  {k.info ? ` — ${k.info}` : ''}
                </span>
              )}
              <span className="muted small">
                since <TimeAgo iso={k.statusAt} />
              </span>
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
