import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { AppShell } from './layout/app-shell.tsx';
import { LiveFeedProvider } from './live/live-feed.tsx';
import { LoginPage } from './pages/login/login-page.tsx';
import { routeFor } from './pages/routes.tsx';
import { PublicSurveyPage } from './pages/survey/public-survey-page.tsx';
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
  // the customer's survey link works without signing in
  const survey = matchPath('/survey/:token', path);
  useEffect(() => {
    if (survey) return;
    if (state.kind === 'anonymous' && path !== '/login') navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    if (state.kind === 'signed-in' && (path === '/login' || path === '/')) navigate(new URLSearchParams(location.search).get('next') ?? '/fleet', { replace: true });
  }, [state.kind, path]);
  if (survey) return <PublicSurveyPage token={survey.token!} />;
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
  return <>{routeFor(path)}</>;
}
