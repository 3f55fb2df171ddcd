import { useEffect, useState } from 'react';
import type { HubResource } from '@switchboard/protocol';
import { LoginForm } from './LoginForm';
import { adminApi, type Session } from './admin-api';

/** The first page: log in, then see the configured hubs. The full dashboard grows from here. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [hubs, setHubs] = useState<HubResource[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi.session().then(setSession, () => setSession(null));
  }, []);

  useEffect(() => {
    if (!session) return;
    adminApi.hubs().then(setHubs, (e: Error) => setError(e.message));
  }, [session]);

  if (session === undefined) return <main className="page">Loading…</main>;
  if (session === null) return <LoginForm onLoggedIn={setSession} />;

  return (
    <main className="page">
      <header className="bar">
        <h1>Switchboard</h1>
        <span>
          {session.username}{' '}
          <button onClick={() => adminApi.logout(session).then(() => setSession(null))}>Log out</button>
        </span>
      </header>
      <h2>Hubs</h2>
      {error && <p className="error">{error}</p>}
      {hubs.length === 0 ? (
        <p>No hub is configured yet. Hubs work without configuration; configure one to add event handlers.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Hub</th>
              <th>Event handlers</th>
              <th>Anonymous connect</th>
            </tr>
          </thead>
          <tbody>
            {hubs.map((hub) => (
              <tr key={hub.name}>
                <td>{hub.name}</td>
                <td>{hub.properties.eventHandlers.length}</td>
                <td>{hub.properties.anonymousConnectPolicy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
