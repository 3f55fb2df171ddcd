import { groupNameProblem } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';
import { requireConnection } from './connections';
import { readFilter } from './send';

/** GroupExists (op 7): a group exists while it has a member. */
export function groupExists(ctx: RestContext): RestResult {
  return { status: ctx.services.registry.groupMembers(ctx.hubKey, ctx.group(0)).size > 0 ? 200 : 404 };
}

/** AddConnectionToGroup (op 13): 404 for a connection that does not exist. */
export function addConnectionToGroup(ctx: RestContext): RestResult {
  const group = ctx.group(0);
  ctx.services.registry.joinGroup(requireConnection(ctx, 1), group);
  return { status: 200 };
}

/** RemoveConnectionFromGroup (op 14): idempotent. */
export function removeConnectionFromGroup(ctx: RestContext): RestResult {
  const group = ctx.group(0);
  const connection = ctx.services.registry.connection(ctx.hubKey, ctx.id(1, 'connectionId'));
  if (connection) ctx.services.registry.leaveGroup(connection, group);
  return { status: 204 };
}

/** AddConnectionsToGroups / RemoveConnectionsFromGroups (ops 19-20): `{groups, filter}`. */
export async function addConnectionsToGroups(ctx: RestContext): Promise<RestResult> {
  return changeGroups(ctx, 'add');
}

export async function removeConnectionsFromGroups(ctx: RestContext): Promise<RestResult> {
  return changeGroups(ctx, 'remove');
}

async function changeGroups(ctx: RestContext, change: 'add' | 'remove'): Promise<RestResult> {
  const { groups, filter } = await readGroupsBody(ctx);
  const predicate = readFilter(filter);
  const { registry } = ctx.services;
  for (const connection of [...registry.connections(ctx.hubKey)]) {
    if (predicate && !predicate(connection)) continue;
    for (const group of groups) {
      if (change === 'add') registry.joinGroup(connection, group);
      else registry.leaveGroup(connection, group);
    }
  }
  return { status: 200 };
}

async function readGroupsBody(ctx: RestContext): Promise<{ groups: string[]; filter?: string }> {
  let body: unknown;
  try {
    body = JSON.parse((await ctx.body()).toString('utf8'));
  } catch {
    throw new InvalidArgumentError('the body must be JSON: {"groups": [...], "filter": "..."}', 'body');
  }
  const { groups, filter } = (body ?? {}) as { groups?: unknown; filter?: unknown };
  if (!Array.isArray(groups) || groups.length === 0) throw new InvalidArgumentError('groups must be a non-empty array of group names', 'groups');
  for (const group of groups) {
    const problem = groupNameProblem(group);
    if (problem) throw new InvalidArgumentError(problem, 'groups');
  }
  if (filter !== undefined && filter !== null && typeof filter !== 'string') throw new InvalidArgumentError('filter must be a string', 'filter');
  return { groups: groups as string[], filter: (filter as string | null) ?? undefined };
}
