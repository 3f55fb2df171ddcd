import { groupNameProblem, isGroupPermission, type GroupPermission } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';
import { connectionNotFound } from './connections';

/** GrantPermission (op 21): without targetName the grant covers every group. */
export async function grantPermission(ctx: RestContext): Promise<RestResult> {
  const { permission, targetName, connectionId } = read(ctx);
  if ((await ctx.services.cluster.grantPermission(ctx.hubKey, connectionId, permission, targetName)) === null) throw connectionNotFound(connectionId);
  return { status: 200 };
}

/** RevokePermission (op 22): removes that exact grant only. */
export async function revokePermission(ctx: RestContext): Promise<RestResult> {
  const { permission, targetName, connectionId } = read(ctx);
  if ((await ctx.services.cluster.revokePermission(ctx.hubKey, connectionId, permission, targetName)) === null) throw connectionNotFound(connectionId);
  return { status: 204 };
}

/** CheckPermission (op 23): 200 when any route grants it, else 404; unknown connection is 404. */
export async function checkPermission(ctx: RestContext): Promise<RestResult> {
  const { permission, targetName, connectionId } = read(ctx);
  return { status: (await ctx.services.cluster.hasPermission(ctx.hubKey, connectionId, permission, targetName)) === true ? 200 : 404 };
}

function read(ctx: RestContext): { permission: GroupPermission; targetName?: string; connectionId: string } {
  const permission = ctx.params[0];
  if (!isGroupPermission(permission)) {
    throw new InvalidArgumentError(`permission must be joinLeaveGroup or sendToGroup, not "${permission}"`, 'permission');
  }
  const targetName = ctx.one('targetName') ?? undefined;
  if (targetName !== undefined) {
    const problem = groupNameProblem(targetName);
    if (problem) throw new InvalidArgumentError(problem, 'targetName');
  }
  return { permission, targetName, connectionId: ctx.id(1, 'connectionId') };
}
