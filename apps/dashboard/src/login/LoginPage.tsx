import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { adminApi } from '../api/admin-api';
import { useSession } from '../session/session';

export function LoginPage() {
  const { session, loggedIn } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Only a path of this app: `next` must not send the admin elsewhere after logging in.
  const next = params.get('next') ?? '/';
  if (session) return <Navigate to={next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      loggedIn(await adminApi.login(username, password));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>Switchboard</h1>
        <p className="muted">Log in to administer this server.</p>
        <label>
          User name
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Log in
        </button>
      </form>
    </main>
  );
}
