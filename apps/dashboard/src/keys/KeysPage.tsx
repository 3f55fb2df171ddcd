import { useEffect, useState } from 'react';
import { KEY_TYPES, type AccessKeysResponse, type KeyType } from '@switchboard/protocol';
import { adminApi } from '../api/admin-api';
import { CopyButton } from '../components/CopyButton';

function mask(secret: string): string {
  return `${secret.slice(0, 4)}${'•'.repeat(20)}${secret.slice(-2)}`;
}

/** Access keys and connection strings, masked until shown; regenerating one stops it at once. */
export function KeysPage() {
  const [keys, setKeys] = useState<AccessKeysResponse | null>(null);
  const [shown, setShown] = useState<Set<KeyType>>(new Set());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi.keys().then(setKeys, (e: Error) => setError(e.message));
  }, []);

  async function regenerate(keyType: KeyType) {
    if (!window.confirm(`Regenerate the ${keyType} key? Everything signed with it stops working now.`)) return;
    try {
      setKeys(await adminApi.regenerateKey(keyType));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section>
      <h2>Keys</h2>
      <p className="muted">Backends sign tokens with either key. Rotate one while the other keeps clients running.</p>
      {error && <p className="error">{error}</p>}
      {keys &&
        KEY_TYPES.map((keyType) => {
          const key = keyType === 'primary' ? keys.primaryKey : keys.secondaryKey;
          const connectionString = keyType === 'primary' ? keys.primaryConnectionString : keys.secondaryConnectionString;
          const visible = shown.has(keyType);
          return (
            <article key={keyType} className="card key" aria-label={`${keyType} key`}>
              <h3>{keyType === 'primary' ? 'Primary' : 'Secondary'} key</h3>
              <div className="secret-row">
                <code>{visible ? key : mask(key)}</code>
                <button
                  className="secondary small"
                  onClick={() => setShown((s) => (s.has(keyType) ? new Set([...s].filter((k) => k !== keyType)) : new Set([...s, keyType])))}
                >
                  {visible ? 'Hide' : 'Show'}
                </button>
                <CopyButton value={key} />
              </div>
              <h4>Connection string</h4>
              <div className="secret-row">
                <code>{visible ? connectionString : connectionString.replace(key, mask(key))}</code>
                <CopyButton value={connectionString} label="Copy connection string" />
              </div>
              <button className="danger" onClick={() => void regenerate(keyType)}>
                Regenerate {keyType} key
              </button>
            </article>
          );
        })}
    </section>
  );
}
