import type { Certification } from '../../api/resource-types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';

export const EXPIRING_DAYS = 60;
const DAY = 86_400_000;

export type CertState = 'valid' | 'expiring' | 'expired' | 'not-yet';

export function certState(c: Certification, now = Date.now()): CertState {
  if (c.issuedAt && Date.parse(c.issuedAt) > now) return 'not-yet';
  if (!c.expiresAt) return 'valid';
  const left = Date.parse(c.expiresAt) - now;
  return left <= 0 ? 'expired' : left <= EXPIRING_DAYS * DAY ? 'expiring' : 'valid';
}

/** Valid, expiring soon (with the days left), expired: in words and colour. */
export function CertBadge({ c }: { c: Certification }) {
  const s = certState(c);
  if (s === 'expired') return <StatusBadge status="failed" label="expired" />;
  if (s === 'not-yet') return <StatusBadge status="queued" label="not yet valid" />;
  if (s === 'expiring') return <StatusBadge status="medium" label={`expires in ${Math.ceil((Date.parse(c.expiresAt!) - Date.now()) / DAY)} days`} />;
  return <StatusBadge status="succeeded" label="valid" />;
}
