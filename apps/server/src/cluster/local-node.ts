import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { ConnectionSummary, SubscriptionTarget } from '@switchboard/protocol';
import type { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry, type MembershipListener } from '../connections/connection-registry';
import { matchesSearch, toSummary } from '../connections/connection-summary';
import { compiledFilter } from '../connections/filter-cache';
import type { ClusterRequest, ConnectionFilter, ConnectionScope, HandOverAnswer, HandOverRequest } from './cluster-requests';
import { ClusterPort, type HubTraffic, type NodeStats } from './cluster.port';

/** How a gateway hands one of its sessions to another node, or ends it for a take-over there. */
export type HandOverHandler = (connection: ClientConnection, request: HandOverRequest) => HandOverAnswer;

/**
 * This node's side of the cluster: the only code that touches the connection registry. It answers
 * every cluster request for the connections held here, and the gateways register, group and
 * unregister their own connections through it.
 */
@Injectable()
export class LocalNode implements OnModuleInit, OnApplicationBootstrap {
  private readonly handOvers = new Map<HandOverRequest['protocol'], HandOverHandler>();
  private lastRate = { at: Date.now(), total: 0 };
  private hubTraffic: HubTraffic[] = [];

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly cluster: ClusterPort,
  ) {}

  onModuleInit(): void {
    this.cluster.onRequest((request) => this.answer(request));
    this.cluster.reportStats(() => this.stats());
  }

  /** A node that joins a running cluster learns the groups remembered for users (addUserToGroup). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.cluster.nodes().length < 2) return;
    const answers = await this.cluster.request({ kind: 'userGroups' }, (answer) => answer.length > 0);
    for (const answer of answers.slice(1)) this.registry.rememberUserGroups(answer ?? []);
  }

  // ---- the gateways' own connections ---------------------------------------------------------

  register(connection: ClientConnection): void {
    this.registry.add(connection);
  }

  unregister(connection: ClientConnection): void {
    this.registry.remove(connection);
  }

  /** A session handed over between nodes: its group memberships neither begin nor end. */
  registerMoved(connection: ClientConnection): void {
    this.registry.add(connection, true);
  }

  unregisterMoved(connection: ClientConnection): void {
    this.registry.remove(connection, true);
  }

  /** Joins and leaves of this node's connections, from any source (presence events). */
  onMembershipChange(listener: MembershipListener): void {
    this.registry.onMembershipChange(listener);
  }

  join(connection: ClientConnection, group: string): boolean {
    return this.registry.joinGroup(connection, group);
  }

  leave(connection: ClientConnection, group: string): boolean {
    return this.registry.leaveGroup(connection, group);
  }

  /** A connection held on this node. */
  connection(hub: string, connectionId: string): ClientConnection | undefined {
    return this.registry.connection(hub, connectionId);
  }

  /** Every connection held on this node: shutdown, sweeps, per-node metrics. */
  all(): Iterable<ClientConnection> {
    return this.registry.all();
  }

  connectionsOf(hub: string): Iterable<ClientConnection> {
    return this.registry.connections(hub);
  }

  groupMembers(hub: string, group: string): ReadonlySet<ClientConnection> {
    return this.registry.groupMembers(hub, group);
  }

  /** The hub's groups with members here, each with its members. */
  groups(hub: string): ReadonlyMap<string, ReadonlySet<ClientConnection>> {
    return this.registry.groups(hub);
  }

  /** Hubs with connections here. */
  hubs(): Iterable<string> {
    return this.registry.hubKeys();
  }

  /** A group message's recipients here: members, and MQTT wildcard and shared subscribers. */
  groupRecipients(hub: string, group: string, shareNodes?: Record<string, string>): ReadonlySet<ClientConnection> {
    return this.registry.groupRecipients(hub, group, shareNodes ? { nodes: shareNodes, self: this.cluster.nodeId } : undefined);
  }

  subscribe(connection: ClientConnection, target: SubscriptionTarget): void {
    this.registry.subscribe(connection, target);
  }

  unsubscribe(connection: ClientConnection, target: SubscriptionTarget): void {
    this.registry.unsubscribe(connection, target);
  }

  userConnections(hub: string, userId: string): ReadonlySet<ClientConnection> {
    return this.registry.userConnections(hub, userId);
  }

  /** This node's per-hub traffic, sampled by the Overview; sent in the heartbeats. */
  reportHubTraffic(hubs: HubTraffic[]): void {
    this.hubTraffic = hubs;
  }

  onHandOver(protocol: HandOverRequest['protocol'], handler: HandOverHandler): void {
    this.handOvers.set(protocol, handler);
  }

  // ---- cluster requests, answered for this node ----------------------------------------------

  answer(request: ClusterRequest): unknown {
    const registry = this.registry;
    switch (request.kind) {
      case 'connectionExists':
        return registry.connection(request.hub, request.connectionId) !== undefined;
      case 'userExists':
        return registry.userConnections(request.hub, request.userId).size > 0;
      case 'groupExists':
        return registry.groupMembers(request.hub, request.group).size > 0;
      case 'checkPermission':
        return this.onConnection(request, (c) => c.permissions.has(request.permission, request.targetName));
      case 'groupMembers':
        return [...registry.groupMembers(request.hub, request.group)].map(({ connectionId, userId }) => ({ connectionId, userId }));
      case 'listConnections':
        return this.list(request.filter);
      case 'connectionSummary':
        return this.onConnection(request, toSummary);
      case 'groupCounts': {
        const counts: Record<string, number> = {};
        for (const [group, members] of registry.groups(request.hub)) counts[group] = members.size;
        return counts;
      }
      case 'joinGroup':
        return this.onConnection(request, (c) => registry.joinGroup(c, request.group));
      case 'leaveGroup':
        return this.onConnection(request, (c) => registry.leaveGroup(c, request.group));
      case 'leaveAllGroups':
        return this.onConnection(request, (c) => {
          const had = c.groups.size > 0;
          registry.leaveAllGroups(c);
          return had;
        });
      case 'changeGroups': {
        const predicate = request.filter === undefined ? undefined : compiledFilter(request.filter);
        let matched = 0;
        for (const connection of [...registry.connections(request.hub)]) {
          if (predicate && !predicate(connection)) continue;
          matched++;
          for (const group of request.groups) {
            if (request.change === 'add') registry.joinGroup(connection, group);
            else registry.leaveGroup(connection, group);
          }
        }
        return matched;
      }
      case 'addUserToGroup':
        registry.addUserToGroup(request.hub, request.userId, request.group);
        return registry.userConnections(request.hub, request.userId).size;
      case 'removeUserFromGroup':
        registry.removeUserFromGroup(request.hub, request.userId, request.group);
        return registry.userConnections(request.hub, request.userId).size;
      case 'clearGroup': {
        const members = [...registry.groupMembers(request.hub, request.group)];
        for (const member of members) registry.leaveGroup(member, request.group);
        return members.length;
      }
      case 'closeConnection':
        return this.onConnection(request, (c) => {
          c.close(request.reason);
          return true;
        });
      case 'closeConnections':
        return this.closeAll(request.hub, request.scope, request.excluded, request.reason);
      case 'grantPermission':
        return this.onConnection(request, (c) => c.permissions.grant(request.permission, request.targetName));
      case 'revokePermission':
        return this.onConnection(request, (c) => c.permissions.revoke(request.permission, request.targetName));
      case 'handOver': {
        const connection = registry.connection(request.hub, request.connectionId);
        const handler = connection && this.handOvers.get(request.protocol);
        return connection && handler ? handler(connection, request) : null;
      }
      case 'userGroups':
        return registry.rememberedUserGroups();
    }
  }

  private onConnection<T>(request: { hub: string; connectionId: string }, act: (connection: ClientConnection) => T): T | null {
    const connection = this.registry.connection(request.hub, request.connectionId);
    return connection ? act(connection) : null;
  }

  private list(filter: ConnectionFilter): ConnectionSummary[] {
    const scope = filter.hub === undefined ? this.registry.all() : this.registry.connections(filter.hub);
    const rows: ConnectionSummary[] = [];
    for (const connection of scope) {
      if (filter.kind && (connection.flavour === 'mqtt' ? 'mqtt' : 'native') !== filter.kind) continue;
      if (filter.group !== undefined && !connection.groups.has(filter.group)) continue;
      if (filter.search && !matchesSearch(connection, filter.search)) continue;
      rows.push(toSummary(connection));
    }
    return rows;
  }

  private closeAll(hub: string, scope: ConnectionScope, excluded: string[], reason: string): number {
    const connections =
      scope.kind === 'hub'
        ? this.registry.connections(hub)
        : scope.kind === 'user'
          ? this.registry.userConnections(hub, scope.userId)
          : this.registry.groupMembers(hub, scope.group);
    const skip = new Set(excluded);
    let closed = 0;
    // Closing removes from the sets being walked: take the list first.
    for (const connection of [...connections]) {
      if (skip.has(connection.connectionId)) continue;
      connection.close(reason);
      closed++;
    }
    return closed;
  }

  /** Connections held, and messages in and out per second since the last heartbeat. */
  private stats(): NodeStats {
    let connections = 0;
    let total = 0;
    // Every second (the Overview's sampler, heartbeats): hub by hub rather than through the
    // all() generator, whose step objects would be garbage per connection on every call.
    for (const hub of this.registry.hubKeys()) {
      for (const connection of this.registry.connections(hub)) {
        connections++;
        total += connection.traffic.messagesIn + connection.traffic.messagesOut;
      }
    }
    const now = Date.now();
    const seconds = (now - this.lastRate.at) / 1000;
    const messagesPerSecond = seconds > 0 ? Math.max(0, Math.round((total - this.lastRate.total) / seconds)) : 0;
    this.lastRate = { at: now, total };
    const shares = [...this.registry.shareGroups()].map(({ hub, share }) => ({ hub, share: share.key, members: share.members.length, ready: share.ready }));
    return { connections, messagesPerSecond, hubs: this.hubTraffic, ...(shares.length > 0 ? { shares } : {}) };
  }
}
