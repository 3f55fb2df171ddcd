import { Injectable } from '@nestjs/common';
import type { ConnectionSummary, GroupPermission, NodeSummary, NodesResponse } from '@switchboard/protocol';
import type { ConnectionFilter, ConnectionScope, HandOverAnswer, HandOverRequest } from './cluster-requests';
import { ClusterPort, SendCapture } from './cluster.port';

/**
 * The one service REST, the admin API, the dashboard and the gateways call about connections
 * they may not hold: each call is one cluster request, answered by every node for what it holds,
 * and combined here into the answer one node alone would give.
 */
@Injectable()
export class ClusterService {
  constructor(private readonly cluster: ClusterPort) {}

  async connectionExists(hub: string, connectionId: string): Promise<boolean> {
    return any(await this.cluster.request({ kind: 'connectionExists', hub, connectionId }, isTrue));
  }

  async userExists(hub: string, userId: string): Promise<boolean> {
    return any(await this.cluster.request({ kind: 'userExists', hub, userId }, isTrue));
  }

  async groupExists(hub: string, group: string): Promise<boolean> {
    return any(await this.cluster.request({ kind: 'groupExists', hub, group }, isTrue));
  }

  /** null when no node holds the connection. */
  async hasPermission(hub: string, connectionId: string, permission: GroupPermission, targetName?: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'checkPermission', hub, connectionId, permission, targetName }, isFound));
  }

  async grantPermission(hub: string, connectionId: string, permission: GroupPermission, targetName?: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'grantPermission', hub, connectionId, permission, targetName }, isFound));
  }

  async revokePermission(hub: string, connectionId: string, permission: GroupPermission, targetName?: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'revokePermission', hub, connectionId, permission, targetName }, isFound));
  }

  async groupMembers(hub: string, group: string): Promise<Array<{ connectionId: string; userId: string | null }>> {
    return (await this.cluster.request({ kind: 'groupMembers', hub, group })).flat();
  }

  async listConnections(filter: ConnectionFilter): Promise<ConnectionSummary[]> {
    return (await this.cluster.request({ kind: 'listConnections', filter })).flat();
  }

  /** Rows held by the other nodes only: the dashboard's live view reads this node's itself. */
  async remoteConnections(filter: ConnectionFilter): Promise<ConnectionSummary[]> {
    if (this.cluster.nodes().length < 2) return [];
    return (await this.cluster.request({ kind: 'listConnections', filter })).slice(1).flat();
  }

  async connectionSummary(hub: string, connectionId: string): Promise<ConnectionSummary | null> {
    return found(await this.cluster.request({ kind: 'connectionSummary', hub, connectionId }, isFound));
  }

  /** Member counts by group name, summed over nodes. */
  async groupCounts(hub: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const answer of await this.cluster.request({ kind: 'groupCounts', hub })) {
      for (const [group, count] of Object.entries(answer ?? {})) counts.set(group, (counts.get(group) ?? 0) + count);
    }
    return counts;
  }

  /** null when no node holds the connection, else whether it was not in the group before. */
  async joinGroup(hub: string, connectionId: string, group: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'joinGroup', hub, connectionId, group }, isFound));
  }

  async leaveGroup(hub: string, connectionId: string, group: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'leaveGroup', hub, connectionId, group }, isFound));
  }

  async leaveAllGroups(hub: string, connectionId: string): Promise<boolean | null> {
    return found(await this.cluster.request({ kind: 'leaveAllGroups', hub, connectionId }, isFound));
  }

  async changeGroups(hub: string, change: 'add' | 'remove', groups: string[], filter?: string): Promise<number> {
    return sum(await this.cluster.request({ kind: 'changeGroups', hub, groups, filter, change }));
  }

  async addUserToGroup(hub: string, userId: string, group: string): Promise<void> {
    await this.cluster.request({ kind: 'addUserToGroup', hub, userId, group });
  }

  /** Without a group: from every group. */
  async removeUserFromGroup(hub: string, userId: string, group?: string): Promise<void> {
    await this.cluster.request({ kind: 'removeUserFromGroup', hub, userId, group });
  }

  async clearGroup(hub: string, group: string): Promise<number> {
    return sum(await this.cluster.request({ kind: 'clearGroup', hub, group }));
  }

  /** Whether a node held the connection. */
  async closeConnection(hub: string, connectionId: string, reason: string): Promise<boolean> {
    return found(await this.cluster.request({ kind: 'closeConnection', hub, connectionId, reason }, isFound)) !== null;
  }

  async closeConnections(hub: string, scope: ConnectionScope, reason: string, excluded: string[] = []): Promise<number> {
    return sum(await this.cluster.request({ kind: 'closeConnections', hub, scope, excluded, reason }));
  }

  /**
   * Asks the node holding a session to give it up (answer null when none holds it). The capture
   * holds the sends that came after the request: stop it once the session is registered here, and
   * deliver what it returns to the session.
   */
  async handOver(request: HandOverRequest): Promise<{ answer: HandOverAnswer; capture: SendCapture }> {
    const capture = new SendCapture(request.hub);
    const answer = found(await this.cluster.request({ kind: 'handOver', ...request }, isFound, capture));
    return { answer, capture };
  }

  nodes(): NodesResponse {
    const now = Date.now();
    const value: NodeSummary[] = this.cluster
      .nodes()
      .map((node) => ({
        nodeId: node.nodeId,
        address: node.address,
        startedAt: new Date(node.startedAt).toISOString(),
        uptimeSeconds: Math.round((now - node.startedAt) / 1000),
        connections: node.connections,
        messagesPerSecond: node.messagesPerSecond,
        lastHeartbeat: new Date(node.heartbeatAt).toISOString(),
        self: node.nodeId === this.cluster.nodeId,
      }))
      .sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
    return { bus: this.cluster.kind, busUp: this.cluster.connected, value };
  }
}

const isTrue = (answer: boolean) => answer === true;
const isFound = (answer: unknown) => answer !== null && answer !== undefined;
const any = (answers: boolean[]) => answers.some(isTrue);
const sum = (answers: number[]) => answers.reduce((total, n) => total + (n ?? 0), 0);

function found<T>(answers: Array<T | null>): T | null {
  for (const answer of answers) if (answer !== null && answer !== undefined) return answer;
  return null;
}
