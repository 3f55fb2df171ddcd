import { connectionKey, hubKey, type ConnectionRef, type ConnectionSummary } from '@switchboard/protocol';
import type { ClientConnection } from '../../connections/client-connection';
import type { ConnectionRegistry } from '../../connections/connection-registry';
import { fingerprint, toSummary } from '../connections/connection-summary';

export interface ConnectionsDelta {
  reset: boolean;
  upserts: ConnectionSummary[];
  removed: ConnectionRef[];
}

/**
 * One watcher's view of the connections of a hub (or all hubs): each call compares the registry
 * with what this watcher was last sent and returns only rows that appeared, changed or left.
 * However often connections change between two calls, the watcher gets one delta.
 */
export class ConnectionsView {
  private sent = new Map<string, { ref: ConnectionRef; fingerprint: string }>();
  private first = true;
  readonly hubKey: string | null;

  constructor(
    private readonly registry: ConnectionRegistry,
    hub: string | undefined,
  ) {
    this.hubKey = hub === undefined ? null : hubKey(hub);
  }

  /** The changes since the last call, or null when there are none. */
  delta(): ConnectionsDelta | null {
    const next = new Map<string, { ref: ConnectionRef; fingerprint: string }>();
    const upserts: ConnectionSummary[] = [];
    for (const connection of this.scope()) {
      const ref = { hub: connection.hubKey, connectionId: connection.connectionId };
      const key = connectionKey(ref);
      const print = fingerprint(connection);
      const before = this.sent.get(key);
      next.set(key, before && before.fingerprint === print ? before : { ref, fingerprint: print });
      if (before?.fingerprint !== print) upserts.push(toSummary(connection));
    }
    const removed: ConnectionRef[] = [];
    for (const [key, { ref }] of this.sent) if (!next.has(key)) removed.push(ref);
    this.sent = next;
    const reset = this.first;
    this.first = false;
    if (!reset && upserts.length === 0 && removed.length === 0) return null;
    return { reset, upserts, removed };
  }

  private scope(): Iterable<ClientConnection> {
    return this.hubKey === null ? this.registry.all() : this.registry.connections(this.hubKey);
  }
}
