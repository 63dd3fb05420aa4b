import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Me, Session } from '../api/types.ts';

export type AuthState = { kind: 'resuming' } | { kind: 'anonymous' } | { kind: 'signed-in'; user: Me; accessExpiresAt: string };

interface AuthValue {
  state: AuthState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** whether the signed-in user's role grants a permission (the API decides; this only hides controls) */
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);
const REFRESH_AHEAD_MS = 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'resuming' });

  useEffect(() => {
    api.onSession((s: Session | null) => setState(s ? { kind: 'signed-in', user: s.user, accessExpiresAt: s.accessExpiresAt } : { kind: 'anonymous' }));
    // A reload: the refresh cookie, if any, resumes the session.
    api.refresh().catch(() => setState({ kind: 'anonymous' }));
  }, []);

  // Renew the access token (and its cookie, which the live feed uses) before it expires.
  const expiresAt = state.kind === 'signed-in' ? state.accessExpiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    const inMs = Math.max(10_000, new Date(expiresAt).getTime() - Date.now() - REFRESH_AHEAD_MS);
    const t = setTimeout(() => void api.refresh().catch(() => setState({ kind: 'anonymous' })), inMs);
    return () => clearTimeout(t);
  }, [expiresAt]);

  const login = useCallback(async (email: string, password: string) => {
    await api.login(email, password);
  }, []);
  const logout = useCallback(() => api.logout(), []);
  const can = useCallback((p: string) => state.kind === 'signed-in' && state.user.permissions.includes(p), [state]);

  const value = useMemo(() => ({ state, login, logout, can }), [state, login, logout, can]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

export function useUser(): Me {
  const { state } = useAuth();
  if (state.kind !== 'signed-in') throw new Error('useUser needs a signed-in user');
  return state.user;
}
