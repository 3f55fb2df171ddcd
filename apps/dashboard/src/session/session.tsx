import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { adminApi, setCsrfToken, type Session } from '../api/admin-api';
import { LiveClient } from '../api/live-client';

interface SessionState {
  /** undefined while the first check runs; null when logged out. */
  session: Session | null | undefined;
  live: LiveClient | null;
  loggedIn(session: Session): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [live, setLive] = useState<LiveClient | null>(null);

  const loggedIn = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    adminApi.session().then(loggedIn, () => loggedIn(null));
  }, [loggedIn]);

  // One push channel per logged-in tab, opened with the session cookie.
  useEffect(() => {
    if (!session) return;
    const client = new LiveClient(() => loggedIn(null));
    setLive(client);
    return () => {
      client.close();
      setLive(null);
    };
  }, [session, loggedIn]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      live,
      loggedIn,
      logout: async () => {
        await adminApi.logout().catch(() => undefined);
        loggedIn(null);
      },
    }),
    [session, live, loggedIn],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** A page that is not logged in shows only the login, and comes back here after it. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
