import { groupNameProblem } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';
import { connectionNotFound } from './connections';
import { readFilter } from './send';

/** GroupExists (op 7): a group exists while it has a member. */
export async function groupExists(ctx: RestContext): Promise<RestResult> {
  return { status: (await ctx.services.cluster.groupExists(ctx.hubKey, ctx.group(0))) ? 200 : 404 };
}

/** AddConnectionToGroup (op 13): 404 for a connection that does not exist. */
export async function addConnectionToGroup(ctx: RestContext): Promise<RestResult> {
  const group = ctx.group(0);
  const connectionId = ctx.id(1, 'connectionId');
  if ((await ctx.services.cluster.joinGroup(ctx.hubKey, connectionId, group)) === null) throw connectionNotFound(connectionId);
  return { status: 200 };
}

/** RemoveConnectionFromGroup (op 14): idempotent. */
export async function removeConnectionFromGroup(ctx: RestContext): Promise<RestResult> {
  const group = ctx.group(0);
  await ctx.services.cluster.leaveGroup(ctx.hubKey, ctx.id(1, 'connectionId'), group);
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
  await ctx.services.cluster.changeGroups(ctx.hubKey, change, groups, readFilter(filter));
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
