import type { RestContext, RestResult } from '../rest-context';

/** UserExists (op 8): at least one connection of the user. */
export function userExists(ctx: RestContext): RestResult {
  return { status: ctx.services.registry.userConnections(ctx.hubKey, ctx.id(0, 'userId')).size > 0 ? 200 : 404 };
}

/** AddUserToGroup (op 16): every connection of the user, and those it opens later. */
export function addUserToGroup(ctx: RestContext): RestResult {
  ctx.services.registry.addUserToGroup(ctx.hubKey, ctx.id(0, 'userId'), ctx.group(1));
  return { status: 200 };
}

/** RemoveUserFromGroup (op 17). */
export function removeUserFromGroup(ctx: RestContext): RestResult {
  ctx.services.registry.removeUserFromGroup(ctx.hubKey, ctx.id(0, 'userId'), ctx.group(1));
  return { status: 204 };
}

/** RemoveUserFromAllGroups (op 18). */
export function removeUserFromAllGroups(ctx: RestContext): RestResult {
  ctx.services.registry.removeUserFromGroup(ctx.hubKey, ctx.id(0, 'userId'));
  return { status: 204 };
}
