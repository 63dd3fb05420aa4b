import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { LiveFeedProvider } from './live/live-feed.tsx';
import { ComplaintsPage, ConsultationsPage, CustomersPage, PartsPage } from './pages/after-sales/after-sales-pages.tsx';
import { AuditPage } from './pages/audit/audit-page.tsx';
import { ChargerPage } from './pages/charger/charger-page.tsx';
import { FleetPage } from './pages/fleet/fleet-page.tsx';
import { LoginPage } from './pages/login/login-page.tsx';
import { TicketBoardPage } from './pages/tickets/ticket-board-page.tsx';
import { TicketPage } from './pages/tickets/ticket-page.tsx';
import { FaultTrendsPage } from './pages/trends/fault-trends-page.tsx';
import { matchPath, navigate, useLocation } from './router.tsx';

export function App() {
  return (
    <AuthProvider>
      <Gate />
    </AuthProvider>
  );
}

function Gate() {
  const { state } = useAuth();
  const { path } = useLocation();
  useEffect(() => {
    if (state.kind === 'anonymous' && path !== '/login') navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    if (state.kind === 'signed-in' && (path === '/login' || path === '/')) navigate(new URLSearchParams(location.search).get('next') ?? '/fleet', { replace: true });
  }, [state.kind, path]);
  if (state.kind === 'resuming') return <p className="splash">Loading Chargemend…</p>;
  if (state.kind === 'anonymous') return <LoginPage />;
  return (
    <LiveFeedProvider>
      <AppShell>
        <Page path={path} />
      </AppShell>
    </LiveFeedProvider>
  );
}

function Page({ path }: { path: string }) {
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  let m: Record<string, string> | null;
  if ((m = matchPath('/chargers/:id', path))) return <ChargerPage key={m.id} chargerId={m.id!} />;
  if ((m = matchPath('/tickets/:id', path))) return <TicketPage key={m.id} ticketId={m.id!} />;
  switch (path) {
    case '/fleet':
    case '/':
    case '/login':
      return <FleetPage />;
    case '/tickets':
      return <TicketBoardPage />;
    case '/trends':
      return <FaultTrendsPage />;
    case '/audit':
      return <AuditPage />;
    case '/consultations':
      return <ConsultationsPage />;
    case '/complaints':
      return <ComplaintsPage />;
    case '/customers':
      return <CustomersPage />;
    case '/parts':
      return <PartsPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>There is no page at {path}.</p>
        </section>
      );
  }
}
