import { useState, type FormEvent } from 'react';
import {
  BROADCAST_DATA_TYPES,
  BROADCAST_TARGETS,
  broadcastProblems,
  type BroadcastBody,
  type BroadcastDataType,
  type BroadcastTargetKind,
} from '@switchboard/protocol';
import { HubInput } from '../components/HubInput';
import { useChoice } from '../components/useChoice';
import { splitList } from '../components/format';

const TARGET_LABELS: Record<BroadcastTargetKind, string> = { hub: 'Whole hub', group: 'Group', user: 'User', connection: 'Connection' };
const TO_LABELS: Record<Exclude<BroadcastTargetKind, 'hub'>, string> = { group: 'Group name', user: 'User id', connection: 'Connection id' };
const DATA_LABELS: Record<BroadcastDataType, string> = { text: 'Text', json: 'JSON', binary: 'Binary (base64)' };

export interface MessageComposerProps {
  /** The hub to show until the admin types one. */
  defaultHub?: string;
  /** Hub names to suggest. */
  hubs?: string[];
  onSend: (body: BroadcastBody) => Promise<void>;
}

/**
 * Composes a message for a hub, group, user or connection. The rules are the server's own
 * (`broadcastProblems` from libs/protocol), so what the form accepts the API accepts.
 */
export function MessageComposer({ defaultHub = '', hubs = [], onSend }: MessageComposerProps) {
  const [hub, setHub] = useChoice(defaultHub);
  const [target, setTarget] = useState<BroadcastTargetKind>('hub');
  const [to, setTo] = useState('');
  const [dataType, setDataType] = useState<BroadcastDataType>('text');
  const [data, setData] = useState('');
  const [excluded, setExcluded] = useState('');
  const [filter, setFilter] = useState('');
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<{ kind: 'sent' | 'error'; text: string } | null>(null);

  const body: BroadcastBody = {
    hub: hub.trim(),
    target,
    ...(target === 'hub' ? {} : { to }),
    dataType,
    data,
    ...(excluded.trim() && (target === 'hub' || target === 'group') ? { excluded: splitList(excluded) } : {}),
    ...(filter.trim() && target !== 'connection' ? { filter: filter.trim() } : {}),
  };
  const problems = broadcastProblems(body);
  const valid = Object.keys(problems).length === 0;
  const show = (field: keyof typeof problems) =>
    (touched || field === 'filter' || field === 'data') && problems[field] ? (
      <span className="field-error" role="alert">
        {problems[field]}
      </span>
    ) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setStatus(null);
    if (!valid) return;
    try {
      await onSend(body);
      setStatus({ kind: 'sent', text: `Sent to ${target === 'hub' ? `hub ${body.hub}` : `${target} ${to}`}.` });
    } catch (e) {
      setStatus({ kind: 'error', text: (e as Error).message });
    }
  }

  return (
    <form className="composer card" onSubmit={submit} aria-label="Message composer">
      <div className="row">
        <HubInput value={hub} onChange={setHub} suggestions={hubs} />
        <label>
          Target
          <select value={target} onChange={(e) => setTarget(e.target.value as BroadcastTargetKind)}>
            {BROADCAST_TARGETS.map((kind) => (
              <option key={kind} value={kind}>
                {TARGET_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        {target !== 'hub' && (
          <label>
            {TO_LABELS[target]}
            <input value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        )}
      </div>
      {show('hub')}
      {show('to')}
      <fieldset className="segmented">
        <legend>Data type</legend>
        {BROADCAST_DATA_TYPES.map((type) => (
          <label key={type} className="radio">
            <input type="radio" name="dataType" value={type} checked={dataType === type} onChange={() => setDataType(type)} />
            {DATA_LABELS[type]}
          </label>
        ))}
      </fieldset>
      <label>
        Message
        <textarea aria-label="Message" rows={6} value={data} onChange={(e) => setData(e.target.value)} spellCheck={false} />
      </label>
      {data !== '' && show('data')}
      {(target === 'hub' || target === 'group') && (
        <label>
          Excluded connection ids <span className="muted">(comma or newline separated)</span>
          <textarea aria-label="Excluded connection ids" rows={2} value={excluded} onChange={(e) => setExcluded(e.target.value)} spellCheck={false} />
        </label>
      )}
      {target !== 'connection' && (
        <label>
          Filter <span className="muted">(OData, e.g. userId eq 'alice' or 'vip' in groups)</span>
          <input value={filter} onChange={(e) => setFilter(e.target.value)} spellCheck={false} />
        </label>
      )}
      {show('filter')}
      {show('excluded')}
      <div className="row">
        <button type="submit" disabled={touched && !valid}>
          Send
        </button>
        {status && (
          <span className={status.kind === 'sent' ? 'notice' : 'error'} role="status">
            {status.text}
          </span>
        )}
      </div>
    </form>
  );
}
