import { useState } from 'react';
import { CONTACT_CHANNELS, type ContactChannel, type SurveyRow } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort } from '../../components/format.ts';

/** After closing: the satisfaction survey's one-time link (shown once), or the customer's answer. */
export function SurveyPanel({ ticketId, version }: { ticketId: string; version: string }) {
  const { can } = useAuth();
  // the survey list has no ticket filter: the newest 500 are searched for this ticket's
  const survey = useResource(() => api.get<{ items: SurveyRow[] }>('/api/surveys', { limit: 500 }).then((r) => r.items.find((s) => s.ticketId === ticketId) ?? null), `${ticketId}:${version}`);
  const send = useAction();
  const [channel, setChannel] = useState<ContactChannel>('email');
  const [sent, setSent] = useState<{ link: string; expiresAt: string }>();
  const s = survey.data;
  return (
    <div className="panel" aria-labelledby="survey-title">
      <h2 id="survey-title">Satisfaction survey</h2>
      {sent && (
        <div className="note note-ok" role="status">
          <p>
            Survey sent by {channel}. The one-time link (shown only now), valid until {formatDateTimeShort(sent.expiresAt)}:
          </p>
          <p className="survey-link" data-testid="survey-link">
            {sent.link}
          </p>
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(sent.link)}>
            Copy the link
          </button>
        </div>
      )}
      {s && !sent && (
        <p>
          Sent {formatDateTimeShort(s.sentAt)}.{' '}
          {s.answeredAt ? (
            <>
              Answered {formatDateTimeShort(s.answeredAt)}: <strong>{s.score} / 5</strong>
              {s.comment ? ` — “${s.comment}”` : ''}
            </>
          ) : (
            'Not answered yet.'
          )}
        </p>
      )}
      {s === null && !sent && can('tickets:write') && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send.run(() => api.post<{ link: string; expiresAt: string }>('/api/surveys', { ticketId, channel })).then((r) => r && setSent(r));
          }}
        >
          <label>
            Send by
            <select value={channel} onChange={(e) => setChannel(e.target.value as ContactChannel)}>
              {CONTACT_CHANNELS.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn" disabled={send.busy}>
            Send the satisfaction survey
          </button>
        </form>
      )}
      {s === null && !sent && !can('tickets:write') && <p className="muted">No survey sent.</p>}
      <FormError error={send.error} />
    </div>
  );
}
