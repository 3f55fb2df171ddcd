import { connectionKey, hubKey, type ConnectionRef, type ConnectionSummary } from '@switchboard/protocol';
import type { LocalNode } from '../../cluster/local-node';
import { fingerprint, toSummary } from '../../connections/connection-summary';

export interface ConnectionsDelta {
  reset: boolean;
  upserts: ConnectionSummary[];
  removed: ConnectionRef[];
}

interface Sent {
  ref: ConnectionRef;
  fingerprint: string;
}

/**
 * One watcher's view of the connections of a hub (or all hubs), on every node: each call compares
 * this node's registry and the other nodes' rows (refreshed by the gateway about once a second)
 * with what this watcher was last sent, and returns only rows that appeared, changed or left.
 * However often connections change between two calls, the watcher gets one delta.
 */
export class ConnectionsView {
  private sent = new Map<string, Sent>();
  private remote: ConnectionSummary[] = [];
  private first = true;
  readonly hubKey: string | null;

  constructor(
    private readonly local: LocalNode,
    hub: string | undefined,
  ) {
    this.hubKey = hub === undefined ? null : hubKey(hub);
  }

  /** The rows the other nodes hold, as they last answered. */
  setRemote(rows: ConnectionSummary[]): void {
    this.remote = rows;
  }

  /** The changes since the last call, or null when there are none. */
  delta(): ConnectionsDelta | null {
    const next = new Map<string, Sent>();
    const upserts: ConnectionSummary[] = [];
    const consider = (ref: ConnectionRef, print: string, summary: () => ConnectionSummary) => {
      const key = connectionKey(ref);
      const before = this.sent.get(key);
      next.set(key, before && before.fingerprint === print ? before : { ref, fingerprint: print });
      if (before?.fingerprint !== print) upserts.push(summary());
    };
    for (const connection of this.hubKey === null ? this.local.all() : this.local.connectionsOf(this.hubKey)) {
      consider({ hub: connection.hubKey, connectionId: connection.connectionId }, fingerprint(connection), () => toSummary(connection));
    }
    for (const row of this.remote) {
      consider({ hub: row.hub, connectionId: row.connectionId }, summaryFingerprint(row), () => row);
    }
    const removed: ConnectionRef[] = [];
    for (const [key, { ref }] of this.sent) if (!next.has(key)) removed.push(ref);
    this.sent = next;
    const reset = this.first;
    this.first = false;
    if (!reset && upserts.length === 0 && removed.length === 0) return null;
    return { reset, upserts, removed };
  }
}

function summaryFingerprint(row: ConnectionSummary): string {
  return `${row.messagesIn}|${row.messagesOut}|${row.bytesIn}|${row.bytesOut}|${row.groups.join('\u0000')}`;
}
