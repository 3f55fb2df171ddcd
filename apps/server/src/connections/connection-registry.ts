import { Injectable } from '@nestjs/common';
import type { ClientConnection } from './client-connection';

/** Live state of one hub on this node. */
class HubState {
  readonly connections = new Map<string, ClientConnection>();
  readonly users = new Map<string, Set<ClientConnection>>();
  readonly groups = new Map<string, Set<ClientConnection>>();
}

const EMPTY: ReadonlySet<ClientConnection> = new Set();

/**
 * Hubs → connections, users and groups, in memory on this node. Group sets hold the connection
 * objects themselves so that fan-out walks one Set with no lookups.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly hubs = new Map<string, HubState>();

  add(connection: ClientConnection): void {
    const hub = this.hub(connection.hubKey, true);
    hub.connections.set(connection.connectionId, connection);
    if (connection.userId !== null) addTo(hub.users, connection.userId, connection);
    for (const group of connection.groups) addTo(hub.groups, group, connection);
  }

  /** Forgets the connection and every group membership it had. */
  remove(connection: ClientConnection): void {
    const hub = this.hub(connection.hubKey, false);
    if (!hub || hub.connections.get(connection.connectionId) !== connection) return;
    hub.connections.delete(connection.connectionId);
    if (connection.userId !== null) removeFrom(hub.users, connection.userId, connection);
    for (const group of connection.groups) removeFrom(hub.groups, group, connection);
    if (hub.connections.size === 0) this.hubs.delete(connection.hubKey);
  }

  /** Idempotent; returns whether the connection was not in the group before. */
  joinGroup(connection: ClientConnection, group: string): boolean {
    if (connection.groups.has(group)) return false;
    connection.groups.add(group);
    const hub = this.hub(connection.hubKey, false);
    if (hub?.connections.get(connection.connectionId) === connection) addTo(hub.groups, group, connection);
    return true;
  }

  /** Idempotent; returns whether the connection was in the group. */
  leaveGroup(connection: ClientConnection, group: string): boolean {
    if (!connection.groups.delete(group)) return false;
    const hub = this.hub(connection.hubKey, false);
    if (hub) removeFrom(hub.groups, group, connection);
    return true;
  }

  connection(hubKey: string, connectionId: string): ClientConnection | undefined {
    return this.hubs.get(hubKey)?.connections.get(connectionId);
  }

  connections(hubKey: string): Iterable<ClientConnection> {
    return this.hubs.get(hubKey)?.connections.values() ?? EMPTY;
  }

  groupMembers(hubKey: string, group: string): ReadonlySet<ClientConnection> {
    return this.hubs.get(hubKey)?.groups.get(group) ?? EMPTY;
  }

  userConnections(hubKey: string, userId: string): ReadonlySet<ClientConnection> {
    return this.hubs.get(hubKey)?.users.get(userId) ?? EMPTY;
  }

  hubKeys(): Iterable<string> {
    return this.hubs.keys();
  }

  /** Every connection on this node, for shutdown and sweeps. */
  *all(): Iterable<ClientConnection> {
    for (const hub of this.hubs.values()) yield* hub.connections.values();
  }

  private hub(hubKey: string, create: true): HubState;
  private hub(hubKey: string, create: false): HubState | undefined;
  private hub(hubKey: string, create: boolean): HubState | undefined {
    let hub = this.hubs.get(hubKey);
    if (!hub && create) {
      hub = new HubState();
      this.hubs.set(hubKey, hub);
    }
    return hub;
  }
}

function addTo(index: Map<string, Set<ClientConnection>>, key: string, connection: ClientConnection): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(connection);
}

function removeFrom(index: Map<string, Set<ClientConnection>>, key: string, connection: ClientConnection): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) index.delete(key);
}
