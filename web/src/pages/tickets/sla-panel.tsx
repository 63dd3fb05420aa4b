import type { SlaTarget, TicketSla } from '../../api/after-sales-types.ts';
import { api, ProblemError } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { duration, formatDateTimeShort } from '../../components/format.ts';
import { SlaCountdown, toneOf } from './sla-countdown.tsx';

const FINAL = new Set(['closed', 'resolved_remotely', 'cancelled']);

/** The ticket's SLA: response and resolution targets on the business calendar, pauses, pause/resume. */
export function SlaPanel({ ticketId, status, version }: { ticketId: string; status: string; version: string }) {
  const { can } = useAuth();
  const path = `/api/workflow/tickets/${ticketId}/sla`;
  const sla = useResource(
    () =>
      api.get<TicketSla>(path).catch((err: unknown) => {
        if (err instanceof ProblemError && err.code === 'SLA_NOT_FOUND') return null;
        throw err;
      }),
    `${ticketId}:${version}`,
  );
  const act = useAction();
  if (sla.data === null) return null; // no SLA policy applies to this ticket
  if (!sla.data) return null;
  const s = sla.data;
  const paused = s.pauses.some((p) => !p.endedAt);
  const change = async (url: string, body?: unknown) => {
    if (await act.run(() => api.post(url, body))) sla.reload();
  };
  return (
    <div className="panel" aria-labelledby="sla-title" data-testid="sla-panel">
      <div className="panel-head">
        <h2 id="sla-title">SLA</h2>
        {can('tickets:write') && !FINAL.has(status) && (
          <div className="actions">
            {paused ? (
              <button type="button" className="btn btn-small" onClick={() => void change(`${path}/resume`)} disabled={act.busy}>
                Resume the SLA clock
              </button>
            ) : (
              <>
                <button type="button" className="btn btn-small" onClick={() => void change(`${path}/pause`, { reason: 'customer' })} disabled={act.busy}>
                  Pause: waiting for the customer
                </button>
                <button type="button" className="btn btn-small" onClick={() => void change(`${path}/pause`, { reason: 'parts' })} disabled={act.busy}>
                  Pause: waiting for parts
                </button>
              </>
            )}
          </div>
        )}
      </div>
      <FormError error={act.error} />
      <div className="sla-panel">
        <Target label="Response" target={s.response} doneAt={s.respondedAt} />
        <Target label="Resolution" target={s.resolution} doneAt={s.resolvedAt} />
      </div>
      {s.pauses.length > 0 && (
        <p className="small muted">
          Paused:{' '}
          {s.pauses.map((p) => `${p.reason === 'customer' ? 'waiting for the customer' : 'waiting for parts'} from ${formatDateTimeShort(p.startedAt)}${p.endedAt ? ` to ${formatDateTimeShort(p.endedAt)}` : ' (still paused)'}`).join('; ')}
        </p>
      )}
    </div>
  );
}

function Target({ label, target, doneAt }: { label: string; target: SlaTarget; doneAt: string | null }) {
  const tone = toneOf(target, Date.now());
  return (
    <div className={`sla-target ${tone === 'bad' ? 'sla-target-bad' : tone === 'warn' ? 'sla-target-warn' : ''}`} data-testid={`sla-${label.toLowerCase()}`}>
      <strong>{label}</strong> <SlaCountdown target={target} />
      <div className="small muted">
        target {duration(target.targetMinutes)} of business time · {duration(target.elapsedMinutes)} used
        {target.dueAt && ` · due ${formatDateTimeShort(target.dueAt)}`}
        {doneAt && ` · done ${formatDateTimeShort(doneAt)}`}
      </div>
    </div>
  );
}
