import { useState, type FormEvent } from 'react';
import { adminApi } from '../api/admin-api';
import { useSession } from '../session/session';

/** The admin's own account: change the password (other sessions of this admin end). */
export function AccountPage() {
  const { session } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    if (next.length < 8) return setError('the new password must have at least 8 characters');
    if (next !== repeat) return setError('the two new passwords differ');
    try {
      await adminApi.changePassword(current, next);
      setNotice('Password changed. Other sessions of this account were logged out.');
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section>
      <h2>Account</h2>
      <form className="card narrow" onSubmit={submit} aria-label="Change password">
        <p>
          Logged in as <strong>{session?.username}</strong>.
        </p>
        <label>
          Current password
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        </label>
        <label>
          New password
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        </label>
        <label>
          Repeat new password
          <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
        </label>
        <button type="submit">Change password</button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {notice && <p className="notice">{notice}</p>}
      </form>
    </section>
  );
}
