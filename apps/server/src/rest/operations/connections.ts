import { NotFoundError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';

const DEFAULT_REASON = 'The connection was closed by the service.';

/** ConnectionExists (op 6): a detached reliable session within its window counts. */
export async function connectionExists(ctx: RestContext): Promise<RestResult> {
  return { status: (await ctx.services.cluster.connectionExists(ctx.hubKey, ctx.id(0, 'connectionId'))) ? 200 : 404 };
}

/** CloseConnection (op 9): `disconnected` with the reason, then closed for good; unknown is 204 too. */
export async function closeConnection(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.closeConnection(ctx.hubKey, ctx.id(0, 'connectionId'), reason(ctx));
  return { status: 204 };
}

/** CloseAllConnections (op 10). */
export async function closeAllConnections(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.closeConnections(ctx.hubKey, { kind: 'hub' }, reason(ctx), ctx.all('excluded'));
  return { status: 204 };
}

/** CloseUserConnections (op 11). */
export async function closeUserConnections(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.closeConnections(ctx.hubKey, { kind: 'user', userId: ctx.id(0, 'userId') }, reason(ctx), ctx.all('excluded'));
  return { status: 204 };
}

/** CloseGroupConnections (op 12). */
export async function closeGroupConnections(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.closeConnections(ctx.hubKey, { kind: 'group', group: ctx.group(0) }, reason(ctx), ctx.all('excluded'));
  return { status: 204 };
}

/** RemoveConnectionFromAllGroups (op 15). */
export async function removeConnectionFromAllGroups(ctx: RestContext): Promise<RestResult> {
  await ctx.services.cluster.leaveAllGroups(ctx.hubKey, ctx.id(0, 'connectionId'));
  return { status: 204 };
}

/** The 404 of operations on a connection no node holds. */
export function connectionNotFound(connectionId: string): NotFoundError {
  return new NotFoundError(`Connection id '${connectionId}' doesn't exist.`, 'connectionId');
}

function reason(ctx: RestContext): string {
  return ctx.one('reason') ?? DEFAULT_REASON;
}
