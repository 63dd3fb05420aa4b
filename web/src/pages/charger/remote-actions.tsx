import { useEffect, useState } from 'react';
import { api, ProblemError } from '../../api/client.ts';
import { FINAL_COMMAND_STATUSES, type CommandStatus, type CommandView, type TicketSummary } from '../../api/service-types.ts';
import type { ChargerDetail, Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { useLiveEvents, useLiveFeed } from '../../live/live-feed.tsx';

const OPEN_STATUSES = 'open,remote_action,awaiting_dispatch,escalated,dispatched,on_site,testing';

interface Action {
  id: string;
  label: string;
  explain: string;
  danger?: boolean;
  command: Record<string, unknown>;
}

function actionsFor(c: ChargerDetail): Action[] {
  const connectors = c.evses.filter((e) => e.evseId > 0).flatMap((e) => e.connectors.map((k) => ({ evseId: e.evseId, connectorId: k.connectorId })));
  const first = connectors[0] ?? { evseId: 1, connectorId: 1 };
  return [
    { id: 'soft-reset', label: 'Soft reset', explain: 'The charger restarts its software when idle. Sessions in progress are stopped first.', command: { kind: 'reset', type: 'soft' } },
    { id: 'hard-reset', label: 'Hard reset', danger: true, explain: 'The charger reboots at once, stopping any session in progress.', command: { kind: 'reset', type: 'hard' } },
    { id: 'trigger-status', label: 'Re-read status', explain: 'Asks the charger to send its status again.', command: { kind: 'triggerMessage', message: 'StatusNotification' } },
    { id: 'unlock', label: 'Unlock connector', danger: true, explain: `Unlocks EVSE ${first.evseId} connector ${first.connectorId} (a cable stuck in the socket).`, command: { kind: 'unlockConnector', connector: first } },
    { id: 'logs', label: 'Pull logs', explain: 'Asks the charger to upload its diagnostics log to the platform.', command: { kind: 'retrieveLogs', logType: 'diagnostics' } },
  ];
}

/** Remote actions, each confirmed first; the command's progress then follows the live feed. */
export function RemoteActions({ charger }: { charger: ChargerDetail }) {
  const [pending, setPending] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState<{ action: Action; command: CommandView } | null>(null);
  // A command sent for an open ticket shows in that ticket (and its fault clearing resolves it).
  const open = useResource(() => api.get<Page<TicketSummary>>('/api/tickets', { chargerId: charger.id, status: OPEN_STATUSES, limit: 20 }), charger.id);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.chargerId === charger.id, open.reload, 500);
  const [ticketChoice, setTicketChoice] = useState<string>();
  const ticketId = ticketChoice ?? open.data?.items[0]?.id ?? '';
  // Progress of this charger's commands, recorded from the moment the page opens: a fast command's
  // first updates may overtake the answer to the POST that created it.
  const [seen, setSeen] = useState<Record<string, Step[]>>({});
  const live = useLiveFeed();
  useEffect(
    () =>
      live.subscribe((e) => {
        if (e.name !== 'command.updated' || e.data.chargerId !== charger.id) return;
        const id = String(e.data.commandId);
        const step = { status: e.data.status as CommandStatus, at: String(e.data.at) };
        setSeen((m) => ({ ...m, [id]: [...(m[id] ?? []), step] }));
      }),
    [live, charger.id],
  );

  const send = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      const command = await api.post<CommandView>(`/api/chargers/${encodeURIComponent(charger.id)}/commands`, {
        command: pending.command,
        whenOffline: 'queue',
        expiresInS: 3600,
        ...(ticketId ? { ticketId } : {}),
      });
      setRunning({ action: pending, command });
      setPending(null);
    } catch (err) {
      setError(err instanceof ProblemError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h2>Remote actions</h2>
      {!charger.online && <p className="note">The charger is offline: commands wait in a queue until it reconnects.</p>}
      {(open.data?.items.length ?? 0) > 0 && (
        <label className="inline-field">
          For ticket
          <select value={ticketId} onChange={(e) => setTicketChoice(e.target.value)}>
            <option value="">no ticket</option>
            {open.data!.items.map((t) => (
              <option key={t.id} value={t.id}>
                {t.reference} {t.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="actions" role="group" aria-label="Remote actions">
        {actionsFor(charger).map((a) => (
          <button key={a.id} type="button" className={`btn ${a.danger ? 'btn-danger-outline' : ''}`} onClick={() => setPending(a)}>
            {a.label}
          </button>
        ))}
      </div>
      {running && <CommandProgress label={running.action.label} command={running.command} updates={seen[running.command.id] ?? []} />}
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog open={pending !== null} title={`${pending?.label ?? ''} ${charger.id}?`} confirmLabel={pending?.label ?? 'Send'} danger={pending?.danger ?? false} busy={busy} onConfirm={() => void send()} onCancel={() => setPending(null)}>
        <p>{pending?.explain}</p>
        <p className="muted small">The command is recorded in the audit log with your name.</p>
      </ConfirmDialog>
    </div>
  );
}

interface Step {
  status: CommandStatus;
  at: string;
}

/** Live progress of one command: every status it passes through, until a final one. */
function CommandProgress({ label, command, updates }: { label: string; command: CommandView; updates: Step[] }) {
  const steps: Step[] = [];
  for (const s of [{ status: command.status, at: command.requestedAt }, ...updates]) if (!steps.some((x) => x.status === s.status)) steps.push(s);
  const final = steps.find((s) => FINAL_COMMAND_STATUSES.includes(s.status));
  const last = final?.status ?? steps[steps.length - 1]!.status;
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="command-progress" data-status={last}>
      <strong>{label}</strong>: {final ? `finished — ${humanize(last)}` : 'in progress…'}
      <ol className="steps">
        {steps.map((s) => (
          <li key={s.status}>
            <StatusBadge status={s.status} /> <time dateTime={s.at}>{new Date(s.at).toLocaleTimeString()}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}
