import { useEffect, useState } from 'react';

function left(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const text = m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.round(m / 1440)} days`;
  return ms >= 0 ? `${text} left` : `overdue by ${text}`;
}

/** Time left before the SLA deadline, updated every minute; amber in the last hour, red when overdue. */
export function SlaCountdown({ dueAt }: { dueAt: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  const ms = new Date(dueAt).getTime() - now;
  const tone = ms < 0 ? 'bad' : ms < 3_600_000 ? 'warn' : 'ok';
  return (
    <span className={`sla sla-${tone}`}>
      SLA: <time dateTime={dueAt}>{left(ms)}</time>
    </span>
  );
}
