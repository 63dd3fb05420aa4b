// A status as a coloured badge with the status in words (colour is never the only signal).

const TONE: Record<string, string> = {
  Available: 'ok',
  Charging: 'info',
  Preparing: 'info',
  Finishing: 'info',
  SuspendedEV: 'info',
  SuspendedEVSE: 'warn',
  Occupied: 'info',
  Reserved: 'muted',
  Unavailable: 'muted',
  Faulted: 'bad',
  Unknown: 'muted',
  online: 'ok',
  offline: 'bad',
  succeeded: 'ok',
  accepted: 'info',
  in_progress: 'info',
  sent: 'info',
  queued: 'muted',
  rejected: 'bad',
  failed: 'bad',
  timed_out: 'bad',
  expired: 'muted',
  'safety-critical': 'bad',
  high: 'bad',
  medium: 'warn',
  low: 'muted',
  transient: 'muted',
  resolved_remotely: 'ok',
  closed: 'ok',
  escalated: 'bad',
  cancelled: 'muted',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${TONE[status] ?? 'muted'}`}>{label ?? humanize(status)}</span>;
}

export function humanize(s: string): string {
  return s.replace(/_/g, ' ').replace(/-/g, ' ');
}
