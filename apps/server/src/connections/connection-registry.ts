import { Injectable, Optional } from '@nestjs/common';
import type { SubscriptionTarget } from '@switchboard/protocol';
import { TraceBus } from '../observability/trace-bus';
import type { ClientConnection } from './client-connection';
import { TopicSubscriptions, type ShareChoice, type ShareGroup } from './topic-subscriptions';
import { UserConnections } from './user-connections';

/** Live state of one hub on this node. */
class HubState {
  readonly connections = new Map<string, ClientConnection>();
  readonly users = new UserConnections();
  readonly groups = new Map<string, Set<ClientConnection>>();
  /** MQTT wildcard and shared subscriptions; null until the hub has one. */
  topics: TopicSubscriptions | null = null;
}

/**
 * Groups a user was added to through REST (`addUserToGroup`): the user's later connections join
 * them too (spec/rest-api.md §4.1). Kept apart from live state so a hub with no connection left
 * still remembers them.
 */
class UserGroups {
  private readonly byHub = new Map<string, Map<string, Set<string>>>();

  of(hubKey: string, userId: string): ReadonlySet<string> | undefined {
    return this.byHub.get(hubKey)?.get(userId);
  }

  add(hubKey: string, userId: string, group: string): void {
    let users = this.byHub.get(hubKey);
    if (!users) this.byHub.set(hubKey, (users = new Map()));
    let groups = users.get(userId);
    if (!groups) users.set(userId, (groups = new Set()));
    groups.add(group);
  }

  all(): Array<{ hub: string; userId: string; groups: string[] }> {
    const out: Array<{ hub: string; userId: string; groups: string[] }> = [];
    for (const [hub, users] of this.byHub) for (const [userId, groups] of users) out.push({ hub, userId, groups: [...groups] });
    return out;
  }

  remove(hubKey: string, userId: string, group?: string): void {
    const users = this.byHub.get(hubKey);
    const groups = users?.get(userId);
    if (!users || !groups) return;
    if (group === undefined) groups.clear();
    else groups.delete(group);
    if (groups.size === 0) users.delete(userId);
    if (users.size === 0) this.byHub.delete(hubKey);
  }
}

const EMPTY: ReadonlySet<ClientConnection> = new Set();
const NO_GROUPS: ReadonlyMap<string, ReadonlySet<ClientConnection>> = new Map();

/** Told of every membership that actually begins or ends, whatever caused it. */
export type MembershipListener = (connection: ClientConnection, group: string, change: 'joined' | 'left') => void;

/**
 * Hubs → connections, users and groups, in memory on this node. Group sets hold the connection
 * objects themselves so that fan-out walks one Set with no lookups.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly hubs = new Map<string, HubState>();
  private readonly userGroups = new UserGroups();
  private membership: MembershipListener | null = null;

  /** Optional so unit tests can build a registry alone. */
  constructor(@Optional() private readonly trace?: TraceBus) {}

  onMembershipChange(listener: MembershipListener): void {
    this.membership = listener;
  }

  /**
   * Registers a new connection, joining the groups its user was added to before it came. `moved`:
   * a session another node handed over, whose memberships go on rather than begin.
   */
  add(connection: ClientConnection, moved = false): void {
    const hub = this.hub(connection.hubKey, true);
    hub.connections.set(connection.connectionId, connection);
    if (connection.userId !== null) {
      hub.users.add(connection.userId, connection);
      for (const group of this.userGroups.of(connection.hubKey, connection.userId) ?? []) connection.addGroup(group);
    }
    for (const group of connection.groups) {
      addTo(hub.groups, group, connection);
      if (!moved) this.membership?.(connection, group, 'joined');
    }
    for (const target of connection.subscriptionTargets?.() ?? []) (hub.topics ??= new TopicSubscriptions()).add(connection, target);
    if (this.trace?.active) this.trace.connected(connection);
  }

  /** `addUserToGroup`: every connection of the user now, and the ones it opens later. */
  addUserToGroup(hubKey: string, userId: string, group: string): void {
    this.userGroups.add(hubKey, userId, group);
    for (const connection of [...this.userConnections(hubKey, userId)]) this.joinGroup(connection, group);
  }

  /** `removeUserFromGroup` / `removeUserFromAllGroups` (no group): now and for later connections. */
  removeUserFromGroup(hubKey: string, userId: string, group?: string): void {
    this.userGroups.remove(hubKey, userId, group);
    for (const connection of [...this.userConnections(hubKey, userId)]) {
      if (group === undefined) this.leaveAllGroups(connection);
      else this.leaveGroup(connection, group);
    }
  }

  /** Every user's remembered groups, for a node that joins the cluster later. */
  rememberedUserGroups(): Array<{ hub: string; userId: string; groups: string[] }> {
    return this.userGroups.all();
  }

  /** Takes what another node remembered; connections here join those groups too. */
  rememberUserGroups(entries: Iterable<{ hub: string; userId: string; groups: string[] }>): void {
    for (const { hub, userId, groups } of entries) for (const group of groups) this.addUserToGroup(hub, userId, group);
  }

  leaveAllGroups(connection: ClientConnection): void {
    for (const group of [...connection.groups]) this.leaveGroup(connection, group);
  }

  /** Forgets the connection and every group membership it had (`moved`: they go on elsewhere). */
  remove(connection: ClientConnection, moved = false): void {
    const hub = this.hub(connection.hubKey, false);
    if (!hub || hub.connections.get(connection.connectionId) !== connection) return;
    hub.connections.delete(connection.connectionId);
    if (connection.userId !== null) hub.users.remove(connection.userId, connection);
    for (const group of connection.groups) {
      removeFrom(hub.groups, group, connection);
      if (!moved) this.membership?.(connection, group, 'left');
    }
    if (hub.topics) {
      for (const target of connection.subscriptionTargets?.() ?? []) hub.topics.remove(connection, target);
      if (hub.topics.isEmpty) hub.topics = null;
    }
    if (hub.connections.size === 0) this.hubs.delete(connection.hubKey);
    if (this.trace?.active) this.trace.disconnected(connection);
  }

  /** Idempotent; returns whether the connection was not in the group before. */
  joinGroup(connection: ClientConnection, group: string): boolean {
    if (!connection.addGroup(group)) return false;
    const hub = this.hub(connection.hubKey, false);
    if (hub?.connections.get(connection.connectionId) === connection) {
      addTo(hub.groups, group, connection);
      this.membership?.(connection, group, 'joined');
    }
    return true;
  }

  /** Idempotent; returns whether the connection was in the group. */
  leaveGroup(connection: ClientConnection, group: string): boolean {
    if (!connection.removeGroup(group)) return false;
    const hub = this.hub(connection.hubKey, false);
    if (hub?.connections.get(connection.connectionId) === connection) {
      removeFrom(hub.groups, group, connection);
      this.membership?.(connection, group, 'left');
    }
    return true;
  }

  /** A registered connection's wildcard or shared subscription begins (the connection holds its options). */
  subscribe(connection: ClientConnection, target: SubscriptionTarget): void {
    const hub = this.hub(connection.hubKey, false);
    if (hub?.connections.get(connection.connectionId) !== connection) return;
    (hub.topics ??= new TopicSubscriptions()).add(connection, target);
  }

  unsubscribe(connection: ClientConnection, target: SubscriptionTarget): void {
    const hub = this.hub(connection.hubKey, false);
    if (!hub?.topics || hub.connections.get(connection.connectionId) !== connection) return;
    hub.topics.remove(connection, target);
    if (hub.topics.isEmpty) hub.topics = null;
  }

  /**
   * Who receives a message to `group` on this node: its members, and on a hub with wildcard or
   * shared subscriptions also those they reach. Hubs without them pay nothing for the feature.
   */
  groupRecipients(hubKey: string, group: string, shares?: ShareChoice): ReadonlySet<ClientConnection> {
    const hub = this.hubs.get(hubKey);
    if (!hub) return EMPTY;
    const members = hub.groups.get(group) ?? EMPTY;
    return hub.topics ? hub.topics.recipients(group, members, shares) : members;
  }

  /** Every MQTT share with members on this node, by hub. */
  *shareGroups(): Iterable<{ hub: string; share: ShareGroup }> {
    for (const [hub, state] of this.hubs) for (const share of state.topics?.shareGroups() ?? []) yield { hub, share };
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

  /** The hub's groups with members on this node, each with its members. */
  groups(hubKey: string): ReadonlyMap<string, ReadonlySet<ClientConnection>> {
    return this.hubs.get(hubKey)?.groups ?? NO_GROUPS;
  }

  userConnections(hubKey: string, userId: string): ReadonlySet<ClientConnection> {
    return this.hubs.get(hubKey)?.users.of(userId) ?? EMPTY;
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
