import { groupNameProblem, isGroupPermission, type GroupPermission } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';
import { requireConnection } from './connections';

/** GrantPermission (op 21): without targetName the grant covers every group. */
export function grantPermission(ctx: RestContext): RestResult {
  const { permission, targetName } = read(ctx);
  requireConnection(ctx, 1).permissions.grant(permission, targetName);
  return { status: 200 };
}

/** RevokePermission (op 22): removes that exact grant only. */
export function revokePermission(ctx: RestContext): RestResult {
  const { permission, targetName } = read(ctx);
  requireConnection(ctx, 1).permissions.revoke(permission, targetName);
  return { status: 204 };
}

/** CheckPermission (op 23): 200 when any route grants it, else 404; unknown connection is 404. */
export function checkPermission(ctx: RestContext): RestResult {
  const { permission, targetName } = read(ctx);
  const connection = ctx.services.registry.connection(ctx.hubKey, ctx.id(1, 'connectionId'));
  return { status: connection?.permissions.has(permission, targetName) ? 200 : 404 };
}

function read(ctx: RestContext): { permission: GroupPermission; targetName?: string } {
  const permission = ctx.params[0];
  if (!isGroupPermission(permission)) {
    throw new InvalidArgumentError(`permission must be joinLeaveGroup or sendToGroup, not "${permission}"`, 'permission');
  }
  const targetName = ctx.one('targetName') ?? undefined;
  if (targetName !== undefined) {
    const problem = groupNameProblem(targetName);
    if (problem) throw new InvalidArgumentError(problem, 'targetName');
  }
  return { permission, targetName };
}
