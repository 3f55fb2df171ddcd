import { useEffect, useMemo, useState } from 'react';
import { hubNameProblem, type SendTarget, type TraceEvent } from '@switchboard/protocol';
import { HubInput } from '../components/HubInput';
import { useHubChoice } from '../components/useHubChoice';
import { formatTime, pluralize } from '../components/format';
import { useSession } from '../session/session';

/** Events kept on screen; older ones fall off. */
const MAX_EVENTS = 500;
const KINDS = ['connected', 'disconnected', 'message'] as const;

function describeTarget(target: SendTarget): string {
  switch (target.kind) {
    case 'hub':
      return 'hub';
    case 'group':
      return `group ${target.group}`;
    case 'user':
      return `user ${target.userId}`;
    case 'connection':
      return `connection ${target.connectionId}`;
  }
}

function searchText(event: TraceEvent): string {
  return event.kind === 'message'
    ? `${event.fromConnectionId ?? 'server'} ${event.fromUserId ?? ''} ${describeTarget(event.target)} ${event.preview}`
    : `${event.connectionId} ${event.userId ?? ''} ${event.protocol}`;
}

/**
 * What flows through a hub now. Watching costs the server only while this page runs: pausing
 * unsubscribes, and the server drops events (counted here) rather than slow the hub down.
 */
export function TracePage() {
  const { hub, setHub, knownHubs } = useHubChoice();
  const { live } = useSession();
  const [running, setRunning] = useState(false);
  const [events, setEvents] = useState<Array<TraceEvent & { seq: number }>>([]);
  const [dropped, setDropped] = useState(0);
  const [filter, setFilter] = useState('');
  const [kinds, setKinds] = useState<Set<string>>(new Set(KINDS));
  const hubProblem = hubNameProblem(hub.trim());

  useEffect(() => {
    if (!live || !running || hubProblem) return;
    let seq = 0;
    return live.subscribe({ topic: 'trace', hub: hub.trim() }, (message) => {
      if (message.type !== 'trace') return;
      const batch = message.events.map((event) => ({ ...event, seq: ++seq + Date.now() * 1000 }));
      setEvents((previous) => [...batch.reverse(), ...previous].slice(0, MAX_EVENTS));
      if (message.dropped) setDropped((n) => n + message.dropped);
    });
  }, [live, running, hub, hubProblem]);

  const shown = useMemo(() => {
    const needle = filter.toLowerCase();
    return events.filter((event) => kinds.has(event.kind) && (needle === '' || searchText(event).toLowerCase().includes(needle)));
  }, [events, filter, kinds]);

  return (
    <section>
      <h2>Live trace</h2>
      <div className="card row trace-controls">
        <HubInput value={hub} onChange={(value) => setHub(value)} suggestions={knownHubs} />
        <button onClick={() => setRunning((r) => !r)} disabled={!!hubProblem && !running}>
          {running ? 'Pause' : 'Watch'}
        </button>
        <button className="secondary" onClick={() => (setEvents([]), setDropped(0))}>
          Clear
        </button>
        <label>
          Filter
          <input type="search" aria-label="Filter events" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="id, user, group, payload…" />
        </label>
        <fieldset className="segmented">
          <legend>Show</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="radio">
              <input
                type="checkbox"
                checked={kinds.has(kind)}
                onChange={(e) => {
                  const next = new Set(kinds);
                  if (e.target.checked) next.add(kind);
                  else next.delete(kind);
                  setKinds(next);
                }}
              />
              {kind}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="muted" role="status">
        {running ? `Watching ${hub}` : 'Paused'} · {shown.length} of {pluralize(events.length, 'event')}
        {dropped > 0 && ` · ${dropped} dropped while the hub was busier than this page`}
      </p>
      <ol className="trace" aria-label="Trace events">
        {shown.map((event) => (
          <li key={event.seq} className={`trace-event ${event.kind}`}>
            <time>{formatTime(event.at)}</time>
            <span className={`badge ${event.kind}`}>{event.kind}</span>
            {event.kind === 'message' ? (
              <>
                <span>
                  {event.fromConnectionId ? <code>{event.fromConnectionId}</code> : 'server'}
                  {event.fromUserId && ` (${event.fromUserId})`} → {describeTarget(event.target)}
                </span>
                <span className="muted">
                  {event.dataType}, {event.size} B
                </span>
                <pre className="preview">
                  {event.preview}
                  {event.truncated && '…'}
                </pre>
              </>
            ) : (
              <span>
                <code>{event.connectionId}</code> {event.userId && `(${event.userId})`} <span className="muted">{event.protocol}</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
