import { Injectable } from '@nestjs/common';
import {
  DEFAULT_PAGE_TOP,
  groupNameProblem,
  hubKey,
  type ConnectionSummary,
  type ConnectionsQuery,
  type GroupSummary,
  type Page,
} from '@switchboard/protocol';
import type { ClientConnection } from '../../connections/client-connection';
import { ConnectionRegistry } from '../../connections/connection-registry';
import { InvalidArgumentError, NotFoundError } from '../../http/api-errors';
import { assertHubName } from '../../hubs/hubs.service';
import { matchesSearch, toSummary } from './connection-summary';

/** What admins see of and do to live connections and groups on this node. */
@Injectable()
export class AdminConnectionsService {
  constructor(private readonly registry: ConnectionRegistry) {}

  list(query: ConnectionsQuery): Page<ConnectionSummary> {
    const matching: ClientConnection[] = [];
    for (const connection of this.scope(query.hub)) {
      if (query.kind && (connection.flavour === 'mqtt' ? 'mqtt' : 'native') !== query.kind) continue;
      if (query.group !== undefined && !connection.groups.has(query.group)) continue;
      if (query.search && !matchesSearch(connection, query.search)) continue;
      matching.push(connection);
    }
    // Oldest first, then by id: a stable order, so paging does not skip or repeat rows.
    matching.sort((a, b) => a.connectedAt.getTime() - b.connectedAt.getTime() || (a.connectionId < b.connectionId ? -1 : 1));
    const skip = query.skip ?? 0;
    const top = query.top ?? DEFAULT_PAGE_TOP;
    return { value: matching.slice(skip, skip + top).map(toSummary), total: matching.length };
  }

  get(hub: string, connectionId: string): ConnectionSummary {
    return toSummary(this.require(hub, connectionId));
  }

  /** Closes for good, with the reason the client is told (`disconnected` frame / MQTT DISCONNECT). */
  close(hub: string, connectionId: string, reason: string): void {
    this.require(hub, connectionId).close(reason);
  }

  /** Returns whether the connection was not in the group before. */
  addToGroup(hub: string, connectionId: string, group: string): boolean {
    assertGroup(group);
    return this.registry.joinGroup(this.require(hub, connectionId), group);
  }

  /** Returns whether the connection was in the group. */
  removeFromGroup(hub: string, connectionId: string, group: string): boolean {
    assertGroup(group);
    return this.registry.leaveGroup(this.require(hub, connectionId), group);
  }

  /** Removes every member; returns how many there were. */
  clearGroup(hub: string, group: string): number {
    assertHubName(hub);
    assertGroup(group);
    const members = [...this.registry.groupMembers(hubKey(hub), group)];
    for (const member of members) this.registry.leaveGroup(member, group);
    return members.length;
  }

  /**
   * Groups of a hub with their member counts. The registry indexes members by group; listing
   * the groups walks the hub's connections, fine for an admin page and keeps the registry lean.
   */
  groups(hub: string, search = '', skip = 0, top = DEFAULT_PAGE_TOP): Page<GroupSummary> {
    assertHubName(hub);
    const key = hubKey(hub);
    const names = new Set<string>();
    for (const connection of this.registry.connections(key)) for (const group of connection.groups) names.add(group);
    const lower = search.toLowerCase();
    const all = [...names]
      .filter((name) => name.toLowerCase().includes(lower))
      .sort()
      .map((name) => ({ name, members: this.registry.groupMembers(key, name).size }));
    return { value: all.slice(skip, skip + top), total: all.length };
  }

  groupMembers(hub: string, group: string): ConnectionSummary[] {
    assertHubName(hub);
    assertGroup(group);
    return [...this.registry.groupMembers(hubKey(hub), group)].map(toSummary);
  }

  private scope(hub: string | undefined): Iterable<ClientConnection> {
    if (hub === undefined) return this.registry.all();
    assertHubName(hub);
    return this.registry.connections(hubKey(hub));
  }

  private require(hub: string, connectionId: string): ClientConnection {
    assertHubName(hub);
    const connection = this.registry.connection(hubKey(hub), connectionId);
    if (!connection) throw new NotFoundError(`no connection "${connectionId}" in hub "${hub}"`, 'connectionId');
    return connection;
  }
}

function assertGroup(group: string): void {
  const problem = groupNameProblem(group);
  if (problem) throw new InvalidArgumentError(problem, 'group');
}
