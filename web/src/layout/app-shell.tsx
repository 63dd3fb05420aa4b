import type { ReactNode } from 'react';
import { useAuth, useUser } from '../auth/auth-context.tsx';
import { humanize } from '../components/status-badge.tsx';
import { useLiveStatus } from '../live/live-feed.tsx';
import { Link, useLocation } from '../router.tsx';

interface NavItem {
  href: string;
  label: string;
  permission: string;
}

export const NAV: NavItem[] = [
  { href: '/fleet', label: 'Fleet', permission: 'fleet:read' },
  { href: '/tickets', label: 'Tickets', permission: 'tickets:read' },
  { href: '/trends', label: 'Fault trends', permission: 'faults:read' },
  { href: '/consultations', label: 'Consultations', permission: 'tickets:read' },
  { href: '/complaints', label: 'Complaints', permission: 'tickets:read' },
  { href: '/customers', label: 'Customers', permission: 'customers:read' },
  { href: '/parts', label: 'Parts', permission: 'parts:read' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read' },
];

/** The frame around every signed-in page: skip link, navigation, live-feed state, the user. */
export function AppShell({ children }: { children: ReactNode }) {
  const { can, logout } = useAuth();
  const user = useUser();
  const { path } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/fleet" className="brand" aria-label="Chargemend, fleet overview">
          <img src="/favicon.svg" alt="" width="24" height="24" /> Chargemend
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.filter((n) => can(n.permission)).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <LiveIndicator />
        <div className="user">
          <span className="user-name">{user.name}</span>
          <span className="user-role">{humanize(user.role)}</span>
          <button type="button" className="btn btn-small" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function LiveIndicator() {
  const status = useLiveStatus();
  const text = status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span className={`live live-${status}`} role="status" aria-live="polite" data-testid="live-status">
      <span className="live-dot" aria-hidden="true" /> {text}
    </span>
  );
}
