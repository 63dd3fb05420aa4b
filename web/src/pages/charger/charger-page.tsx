import { api } from '../../api/client.ts';
import type { ChargerDetail } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { ChargerTickets } from './charger-tickets.tsx';
import { CommandHistory } from './command-history.tsx';
import { ConnectionHistory } from './connection-history.tsx';
import { ConnectorPanel } from './connector-panel.tsx';
import { FirmwareUpdate } from './firmware-update.tsx';
import { LogFiles } from './log-files.tsx';
import { RemoteActions } from './remote-actions.tsx';
import { TelemetryPanel } from './telemetry-panel.tsx';

/** One charger: live status per EVSE/connector, telemetry, remote actions, commands, tickets, connections. */
export function ChargerPage({ chargerId }: { chargerId: string }) {
  const { can } = useAuth();
  const path = `/api/chargers/${encodeURIComponent(chargerId)}`;
  const charger = useResource(() => api.get<ChargerDetail>(path), chargerId);
  useLiveEvents((e) => e.data.chargerId === chargerId && !e.name.startsWith('command.') && !e.name.startsWith('ticket.'), charger.reload, 300);
  return (
    <section aria-labelledby="charger-title">
      <p className="crumbs">
        <Link href="/fleet">Fleet</Link> / {chargerId}
      </p>
      <DataState resource={charger} label="this charger">
        {(c) => (
          <>
            <ChargerHeader charger={c} />
            <ConnectorPanel charger={c} />
            {can('commands:send') && <RemoteActions charger={c} />}
            {can('commands:send') && can('firmware:read') && <FirmwareUpdate charger={c} />}
            {can('telemetry:read') && <TelemetryPanel chargerId={c.id} />}
            <div className="split">
              {can('commands:read') && <CommandHistory chargerId={c.id} />}
              {can('tickets:read') && <ChargerTickets chargerId={c.id} />}
            </div>
            {can('tickets:read') && <LogFiles chargerId={c.id} />}
            <ConnectionHistory connections={c.connections} />
          </>
        )}
      </DataState>
    </section>
  );
}

function ChargerHeader({ charger: c }: { charger: ChargerDetail }) {
  return (
    <header className="page-head">
      <h1 id="charger-title">
        {c.id} <StatusBadge status={c.online ? 'online' : 'offline'} /> <StatusBadge status={c.status} />
      </h1>
      <dl className="facts">
        <div>
          <dt>Model</dt>
          <dd>{[c.vendor, c.model].filter(Boolean).join(' ') || '—'}</dd>
        </div>
        <div>
          <dt>Serial</dt>
          <dd>{c.serialNumber ?? '—'}</dd>
        </div>
        <div>
          <dt>Firmware</dt>
          <dd>{c.firmwareVersion ?? '—'}</dd>
        </div>
        <div>
          <dt>OCPP</dt>
          <dd>
            {c.ocppVersion ?? '—'} (security profile {c.securityProfile})
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <TimeAgo iso={c.lastSeenAt} />
          </dd>
        </div>
        <div>
          <dt>Last boot</dt>
          <dd>
            <TimeAgo iso={c.lastBootAt} /> {c.lastBootReason ? `(${c.lastBootReason})` : ''}
          </dd>
        </div>
      </dl>
    </header>
  );
}
