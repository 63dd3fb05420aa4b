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

export const NAV: Array<{ group: string; items: NavItem[] }> = [
  {
    group: 'Operations',
    items: [
      { href: '/fleet', label: 'Fleet', permission: 'fleet:read' },
      { href: '/tickets', label: 'Tickets', permission: 'tickets:read' },
      { href: '/maintenance', label: 'Maintenance', permission: 'tickets:read' },
      { href: '/installations', label: 'Installations', permission: 'tickets:read' },
      { href: '/firmware-updates', label: 'Firmware', permission: 'firmware:read' },
    ],
  },
  {
    group: 'Customers',
    items: [
      { href: '/consultations', label: 'Consultations', permission: 'tickets:read' },
      { href: '/complaints', label: 'Complaints', permission: 'tickets:read' },
      { href: '/customers', label: 'Customers', permission: 'customers:read' },
    ],
  },
  {
    group: 'Resources',
    items: [
      { href: '/parts', label: 'Parts', permission: 'parts:read' },
      { href: '/suppliers', label: 'Suppliers', permission: 'parts:read' },
      { href: '/documents', label: 'Documents', permission: 'documents:read' },
      { href: '/staff', label: 'Staff', permission: 'staff:read' },
    ],
  },
  {
    group: 'Quality',
    items: [
      { href: '/kpis', label: 'KPIs', permission: 'kpis:read' },
      // the trends come from the KPI endpoints' server-side aggregate
      { href: '/trends', label: 'Fault trends', permission: 'kpis:read' },
      { href: '/archive', label: 'Archive', permission: 'tickets:read' },
      { href: '/audit', label: 'Audit log', permission: 'audit:read' },
    ],
  },
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
        <LiveIndicator />
        <div className="user">
          <span className="user-name">{user.name}</span>
          <span className="user-role">{humanize(user.role)}</span>
          <button type="button" className="btn btn-small" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <nav aria-label="Main" className="navbar">
        <ul className="nav-groups">
          {NAV.map((g) => {
            const items = g.items.filter((n) => can(n.permission));
            if (items.length === 0) return null;
            return (
              <li key={g.group} className="nav-group">
                <span className="nav-group-label" aria-hidden="true">
                  {g.group}
                </span>
                <ul className="nav" aria-label={g.group}>
                  {items.map((n) => (
                    <li key={n.href}>
                      <Link href={n.href} aria-current={path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                        {n.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      </nav>
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
