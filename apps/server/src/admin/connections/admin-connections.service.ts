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
import { ClusterService } from '../../cluster/cluster.service';
import { InvalidArgumentError, NotFoundError } from '../../http/api-errors';
import { assertHubName } from '../../hubs/hubs.service';

/** What admins see of and do to live connections and groups, on every node of the cluster. */
@Injectable()
export class AdminConnectionsService {
  constructor(private readonly cluster: ClusterService) {}

  async list(query: ConnectionsQuery): Promise<Page<ConnectionSummary>> {
    if (query.hub !== undefined) assertHubName(query.hub);
    const matching = await this.cluster.listConnections({
      hub: query.hub === undefined ? undefined : hubKey(query.hub),
      kind: query.kind,
      group: query.group,
      search: query.search,
    });
    // Oldest first, then by id: a stable order, so paging does not skip or repeat rows.
    matching.sort((a, b) => a.connectedAt.localeCompare(b.connectedAt) || (a.connectionId < b.connectionId ? -1 : 1));
    const skip = query.skip ?? 0;
    const top = query.top ?? DEFAULT_PAGE_TOP;
    return { value: matching.slice(skip, skip + top), total: matching.length };
  }

  async get(hub: string, connectionId: string): Promise<ConnectionSummary> {
    assertHubName(hub);
    const summary = await this.cluster.connectionSummary(hubKey(hub), connectionId);
    if (!summary) throw notFound(hub, connectionId);
    return summary;
  }

  /** Closes for good, with the reason the client is told (`disconnected` frame / MQTT DISCONNECT). */
  async close(hub: string, connectionId: string, reason: string): Promise<void> {
    assertHubName(hub);
    if (!(await this.cluster.closeConnection(hubKey(hub), connectionId, reason))) throw notFound(hub, connectionId);
  }

  /** Returns whether the connection was not in the group before. */
  async addToGroup(hub: string, connectionId: string, group: string): Promise<boolean> {
    assertHubName(hub);
    assertGroup(group);
    const changed = await this.cluster.joinGroup(hubKey(hub), connectionId, group);
    if (changed === null) throw notFound(hub, connectionId);
    return changed;
  }

  /** Returns whether the connection was in the group. */
  async removeFromGroup(hub: string, connectionId: string, group: string): Promise<boolean> {
    assertHubName(hub);
    assertGroup(group);
    const changed = await this.cluster.leaveGroup(hubKey(hub), connectionId, group);
    if (changed === null) throw notFound(hub, connectionId);
    return changed;
  }

  /** Removes every member; returns how many there were. */
  async clearGroup(hub: string, group: string): Promise<number> {
    assertHubName(hub);
    assertGroup(group);
    return this.cluster.clearGroup(hubKey(hub), group);
  }

  /** Groups of a hub with their member counts, summed over every node. */
  async groups(hub: string, search = '', skip = 0, top = DEFAULT_PAGE_TOP): Promise<Page<GroupSummary>> {
    assertHubName(hub);
    const counts = await this.cluster.groupCounts(hubKey(hub));
    const lower = search.toLowerCase();
    const all = [...counts.keys()]
      .filter((name) => name.toLowerCase().includes(lower))
      .sort()
      .map((name) => ({ name, members: counts.get(name)! }));
    return { value: all.slice(skip, skip + top), total: all.length };
  }

  async groupMembers(hub: string, group: string): Promise<ConnectionSummary[]> {
    assertHubName(hub);
    assertGroup(group);
    return this.cluster.listConnections({ hub: hubKey(hub), group });
  }
}

function notFound(hub: string, connectionId: string): NotFoundError {
  return new NotFoundError(`no connection "${connectionId}" in hub "${hub}"`, 'connectionId');
}

function assertGroup(group: string): void {
  const problem = groupNameProblem(group);
  if (problem) throw new InvalidArgumentError(problem, 'group');
}
