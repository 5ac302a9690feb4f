import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import * as api from './api';
import type { User } from './api';

export type AuthState =
  | { status: 'loading' }
  /** `reason` tells the login page why the user is there. */
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'logout' }
  | { status: 'authenticated'; user: User };

interface AuthContextValue {
  state: AuthState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

const anonymous: AuthState = { status: 'anonymous', reason: 'none' };

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() =>
    api.getAccessToken() || api.getRefreshToken() ? { status: 'loading' } : anonymous,
  );

  // Restore the session of this tab (tokens live in sessionStorage).
  useEffect(() => {
    if (state.status !== 'loading') return;
    let cancelled = false;
    api
      .fetchCurrentUser()
      .then((user) => !cancelled && setState({ status: 'authenticated', user }))
      .catch(() => {
        if (cancelled) return;
        api.clearTokens();
        // The stored session could not be renewed: keep the "expired" the api layer reported.
        setState((current) => (current.status === 'anonymous' ? current : anonymous));
      });
    return () => {
      cancelled = true;
    };
    // Runs once on mount; later changes come from login/logout.
  }, []);

  useEffect(
    () => api.onSessionExpired(() => setState({ status: 'anonymous', reason: 'expired' })),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const user = await api.login(username, password);
    setState({ status: 'authenticated', user });
  }, []);

  const logout = useCallback(async () => {
    await api.logout();
    setState({ status: 'anonymous', reason: 'logout' });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
