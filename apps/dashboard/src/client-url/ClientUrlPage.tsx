import { useState, type FormEvent } from 'react';
import { groupNameProblem, hubNameProblem, type ClientUrlProtocol, type ClientUrlResponse } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { CopyButton } from '../components/CopyButton';
import { HubInput } from '../components/HubInput';
import { useHubChoice } from '../components/useHubChoice';
import { formatDateTime, splitList } from '../components/format';

/** Azure portal's "Client URL generator": a URL with a token, for a native or an MQTT client. */
export function ClientUrlPage() {
  const { hub, setHub, knownHubs } = useHubChoice();
  const [userId, setUserId] = useState('');
  const [roles, setRoles] = useState('');
  const [groups, setGroups] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [protocol, setProtocol] = useState<ClientUrlProtocol>('native');
  const [result, setResult] = useState<ClientUrlResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    const problem = hubNameProblem(hub.trim()) ?? splitList(groups).map(groupNameProblem).find((p) => p !== null) ?? null;
    if (problem) return setError(problem);
    try {
      setResult(
        await adminApi.clientUrl(hub.trim(), {
          ...(userId.trim() ? { userId: userId.trim() } : {}),
          roles: splitList(roles),
          groups: splitList(groups),
          minutesToExpire: minutes,
          protocol,
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section>
      <h2>Client URL generator</h2>
      <form className="card" onSubmit={submit} aria-label="Client URL">
        <div className="row">
          <HubInput value={hub} onChange={setHub} suggestions={knownHubs} />
          <label>
            User id
            <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="optional" />
          </label>
          <label>
            Expires in (minutes)
            <input type="number" min={1} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
          </label>
        </div>
        <label>
          Roles <span className="muted">(comma separated, e.g. webpubsub.sendToGroup, webpubsub.joinLeaveGroup)</span>
          <input value={roles} onChange={(e) => setRoles(e.target.value)} />
        </label>
        <label>
          Groups to join at connect <span className="muted">(comma separated)</span>
          <input value={groups} onChange={(e) => setGroups(e.target.value)} />
        </label>
        <fieldset className="segmented">
          <legend>Client</legend>
          {(['native', 'mqtt'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="protocol" checked={protocol === kind} onChange={() => setProtocol(kind)} />
              {kind === 'native' ? 'Web PubSub (native)' : 'MQTT'}
            </label>
          ))}
        </fieldset>
        <button type="submit">Generate</button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {result && (
        <div className="card" aria-label="Generated URL">
          <h4>Client URL</h4>
          <div className="secret-row">
            <code className="wrap">{result.url}</code>
            <CopyButton value={result.url} />
          </div>
          <h4>Token</h4>
          <div className="secret-row">
            <code className="wrap">{result.token}</code>
            <CopyButton value={result.token} />
          </div>
          <p className="muted">Valid until {formatDateTime(result.expiresAt)}.</p>
        </div>
      )}
    </section>
  );
}
