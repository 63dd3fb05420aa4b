import { useEffect, useState } from 'react';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relative(iso: string, now = Date.now()): string {
  const d = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) if (Math.abs(d) >= ms || unit === 'second') return rtf.format(Math.round(d / ms), unit);
  return '';
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

/** "3 minutes ago", with the exact time on hover and for screen readers; re-renders every 30 s. */
export function TimeAgo({ iso }: { iso: string | null | undefined }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="muted">never</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative(iso)}
    </time>
  );
}
