import { useEffect, useMemo, useState } from 'react';
import { connectionKey, type ConnectionSummary } from '@switchboard/protocol';
import { useSession } from '../session/session';

/**
 * The live connections of a hub (all hubs when undefined): a snapshot, then the server's
 * coalesced deltas (a few per second at most) applied to one map.
 */
export function useLiveConnections(hub: string | undefined): { rows: ConnectionSummary[]; ready: boolean } {
  const { live } = useSession();
  const [state, setState] = useState<{ rows: Map<string, ConnectionSummary>; ready: boolean }>({ rows: new Map(), ready: false });

  useEffect(() => {
    if (!live) return;
    setState({ rows: new Map(), ready: false });
    return live.subscribe(hub === undefined ? { topic: 'connections' } : { topic: 'connections', hub }, (message) => {
      if (message.type !== 'connections') return;
      setState((previous) => {
        const rows = message.reset ? new Map<string, ConnectionSummary>() : new Map(previous.rows);
        for (const ref of message.removed) rows.delete(connectionKey(ref));
        for (const row of message.upserts) rows.set(connectionKey(row), row);
        return { rows, ready: true };
      });
    });
  }, [live, hub]);

  const rows = useMemo(() => [...state.rows.values()], [state.rows]);
  return { rows, ready: state.ready };
}
