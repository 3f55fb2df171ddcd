import type { RestContext, RestResult } from '../rest-context';

/** UserExists (op 8): at least one connection of the user. */
export async function userExists(ctx: RestContext): Promise<RestResult> {
  return { status: (await ctx.services.cluster.userExists(ctx.hubKey, ctx.id(0, 'userId'))) ? 200 : 404 };
}

/** AddUserToGroup (op 16): every connection of the user, and those it opens later. */
export async function addUserToGroup(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.addUserToGroup(ctx.hubKey, ctx.id(0, 'userId'), ctx.group(1));
  return { status: 200 };
}

/** RemoveUserFromGroup (op 17). */
export async function removeUserFromGroup(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.removeUserFromGroup(ctx.hubKey, ctx.id(0, 'userId'), ctx.group(1));
  return { status: 204 };
}

/** RemoveUserFromAllGroups (op 18). */
export async function removeUserFromAllGroups(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.removeUserFromGroup(ctx.hubKey, ctx.id(0, 'userId'));
  return { status: 204 };
}
