import { api } from '../../api/client.ts';
import type { Installation } from '../../api/after-sales-types.ts';
import type { ChargerDetail } from '../../api/types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';

const TONE: Record<string, string> = { ok: 'succeeded', warning: 'medium', failed: 'failed', skipped: 'expired', pending: 'queued' };

/**
 * The commissioning test: what the platform sees of the new charger right now (following the live feed),
 * then the server's check over OCPP (booted since the installation, connected, fresh status and meter values).
 */
export function CommissioningPanel({ inst, canRun, onDone }: { inst: Installation; canRun: boolean; onDone(): void }) {
  const path = `/api/chargers/${encodeURIComponent(inst.chargerId)}`;
  const charger = useResource(() => api.get<ChargerDetail>(path).catch(() => null), inst.chargerId);
  useLiveEvents((e) => e.data.chargerId === inst.chargerId && e.name.startsWith('charger.'), charger.reload, 300);
  const run = useAction();
  const c = charger.data;
  const booted = !!c?.lastBootAt && c.lastBootAt >= inst.window.start;
  const live: Array<[string, boolean, string]> = [
    ['Known to the platform', !!c, c ? `${c.vendor ?? '?'} ${c.model ?? '?'}, firmware ${c.firmwareVersion ?? '?'}` : `${inst.chargerId} has not connected yet`],
    ['Registration accepted', c?.registration === 'accepted', c ? c.registration : '—'],
    ['Booted since the appointment', booted, c?.lastBootAt ? `last boot ${formatDateTimeShort(c.lastBootAt)}` : 'no boot yet'],
    ['Connected now', !!c?.online, c?.online ? `OCPP ${c.ocppVersion ?? '?'}` : 'offline'],
  ];
  const attempts = inst.ticket.tests;
  return (
    <div className="workflow-form" role="group" aria-labelledby="commission-title">
      <h3 id="commission-title">Commissioning test</h3>
      <ul className="check-results" aria-label="Live checks" data-testid="live-checks">
        {live.map(([label, ok, detail]) => (
          <li key={label}>
            <StatusBadge status={ok ? 'succeeded' : 'queued'} label={ok ? 'ok' : 'waiting'} /> {label} <span className="muted small">— {detail}</span>
          </li>
        ))}
      </ul>
      {canRun && (
        // a failed attempt is recorded too: reload either way, the attempts below show each check
        <button type="button" className="btn btn-primary" disabled={run.busy} onClick={() => void run.run(() => api.post(`/api/installations/${inst.ticket.id}/commission`)).finally(onDone)}>
          {run.busy ? 'Checking the charger over OCPP…' : 'Run the commissioning test'}
        </button>
      )}
      <FormError error={run.error} />
      {attempts.length > 0 && (
        <>
          <h4>Attempts</h4>
          {attempts.map((t) => (
            <div key={t.id}>
              <p className="small">
                {formatDateTimeShort(t.at)}: <StatusBadge status={t.passed ? 'succeeded' : 'failed'} label={t.passed ? 'passed' : 'failed'} />
              </p>
              <CheckList checks={t.checks} label={`Checks at ${formatDateTimeShort(t.at)}`} />
            </div>
          ))}
        </>
      )}
    </div>
  );
}

function CheckList({ checks, label }: { checks: Array<{ name: string; status: string; summary: string | null }>; label: string }) {
  return (
    <ul className="check-results" aria-label={label}>
      {checks.map((c) => (
        <li key={c.name}>
          <StatusBadge status={TONE[c.status] ?? 'queued'} label={c.status} /> {c.name} <span className="muted small">— {c.summary ?? ''}</span>
        </li>
      ))}
    </ul>
  );
}
