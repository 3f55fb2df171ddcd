import { useState, type FormEvent } from 'react';
import { adminApi, type Session } from './admin-api';

export function LoginForm({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      onLoggedIn(await adminApi.login(username, password));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <main className="page login">
      <h1>Switchboard</h1>
      <form onSubmit={submit}>
        <label>
          User name
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        {error && <p className="error">{error}</p>}
        <button type="submit">Log in</button>
      </form>
    </main>
  );
}
