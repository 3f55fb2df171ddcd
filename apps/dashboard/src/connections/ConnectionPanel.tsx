import { useState, type FormEvent } from 'react';
import { groupNameProblem, type ConnectionSummary } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { formatBytes, formatDateTime, pluralize } from '../components/format';

/** One connection's details and what an admin can do to it: groups in and out, close with a reason. */
export function ConnectionPanel({ connection, onClose }: { connection: ConnectionSummary; onClose: () => void }) {
  const [group, setGroup] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { hub, connectionId } = connection;

  async function act(action: () => Promise<void>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  function addGroup(event: FormEvent) {
    event.preventDefault();
    const problem = groupNameProblem(group);
    if (problem) return setError(problem);
    void act(() => adminApi.addToGroup(hub, connectionId, group), `Added to ${group}.`).then(() => setGroup(''));
  }

  function close(event: FormEvent) {
    event.preventDefault();
    void act(() => adminApi.closeConnection(hub, connectionId, reason), 'Closed.');
  }

  return (
    <aside className="panel" aria-label="Connection details">
      <header>
        <h3>
          <code>{connectionId}</code>
        </h3>
        <button className="link" onClick={onClose} aria-label="Hide details">
          ✕
        </button>
      </header>
      <dl>
        <dt>Hub</dt>
        <dd>{hub}</dd>
        <dt>User</dt>
        <dd>{connection.userId ?? <span className="muted">anonymous</span>}</dd>
        <dt>Protocol</dt>
        <dd>{connection.protocol}</dd>
        <dt>Connected at</dt>
        <dd>{formatDateTime(connection.connectedAt)}</dd>
        <dt>Remote address</dt>
        <dd>{connection.remoteAddress ?? '—'}</dd>
        <dt>Traffic</dt>
        <dd>
          in {pluralize(connection.messagesIn, 'msg')} / {formatBytes(connection.bytesIn)}, out {pluralize(connection.messagesOut, 'msg')} / {formatBytes(connection.bytesOut)}
        </dd>
      </dl>
      <h4>Groups</h4>
      <ul className="chips">
        {connection.groups.length === 0 && <li className="muted">none</li>}
        {connection.groups.map((name) => (
          <li key={name} className="chip">
            {name}
            <button
              className="link"
              aria-label={`Remove from ${name}`}
              onClick={() => void act(() => adminApi.removeFromGroup(hub, connectionId, name), `Removed from ${name}.`)}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={addGroup} className="inline">
        <input aria-label="Group to add" placeholder="group" value={group} onChange={(e) => setGroup(e.target.value)} />
        <button type="submit" className="secondary">
          Add to group
        </button>
      </form>
      <h4>Close</h4>
      <form onSubmit={close} className="inline">
        <input aria-label="Close reason" placeholder="reason (told to the client)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="danger">
          Close connection
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
    </aside>
  );
}
