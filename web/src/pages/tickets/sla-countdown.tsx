import { useEffect, useState } from 'react';
import type { SlaTarget, TicketSla } from '../../api/after-sales-types.ts';

function left(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const text = m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.round(m / 1440)} days`;
  return ms >= 0 ? `${text} left` : `overdue by ${text}`;
}

export type SlaTone = 'ok' | 'warn' | 'bad' | 'paused' | 'done';

/** The target's tone now: the server's state, and overdue as soon as the due time passes on this screen. */
export function toneOf(t: SlaTarget, now: number): SlaTone {
  if (t.state === 'paused') return 'paused';
  if (t.state === 'met') return 'done';
  if (t.state === 'missed' || t.state === 'breached' || (t.dueAt && Date.parse(t.dueAt) < now)) return 'bad';
  return t.state === 'warning' ? 'warn' : 'ok';
}

function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** One SLA target in words: time left, overdue, paused or met; amber in its warning band, red when breached. */
export function SlaCountdown({ label, target }: { label?: string; target: SlaTarget }) {
  const now = useNow();
  const tone = toneOf(target, now);
  const text =
    tone === 'paused'
      ? 'paused'
      : tone === 'done'
        ? 'met'
        : target.state === 'missed'
          ? 'missed'
          : target.dueAt
            ? left(Date.parse(target.dueAt) - now)
            : target.state;
  return (
    <span className={`sla sla-${tone === 'done' ? 'ok' : tone === 'paused' ? 'paused' : tone}`} data-sla={tone}>
      {label ? `${label}: ` : ''}
      {target.dueAt && tone !== 'done' && tone !== 'paused' ? <time dateTime={target.dueAt}>{text}</time> : text}
    </span>
  );
}

/** The SLA target that matters now: the response until someone responded, then the resolution. */
export function pressingTarget(sla: TicketSla): { label: string; target: SlaTarget } {
  return sla.respondedAt || sla.response.state === 'met' ? { label: 'Resolve', target: sla.resolution } : { label: 'Respond', target: sla.response };
}
