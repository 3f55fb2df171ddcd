import type { ClientConnection } from '../../connections/client-connection';
import { NotFoundError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';

const DEFAULT_REASON = 'The connection was closed by the service.';

/** ConnectionExists (op 6): a detached reliable session within its window counts. */
export function connectionExists(ctx: RestContext): RestResult {
  return { status: ctx.services.registry.connection(ctx.hubKey, ctx.id(0, 'connectionId')) ? 200 : 404 };
}

/** CloseConnection (op 9): `disconnected` with the reason, then closed for good; unknown is 204 too. */
export function closeConnection(ctx: RestContext): RestResult {
  ctx.services.registry.connection(ctx.hubKey, ctx.id(0, 'connectionId'))?.close(ctx.one('reason') ?? DEFAULT_REASON);
  return { status: 204 };
}

/** CloseAllConnections (op 10). */
export function closeAllConnections(ctx: RestContext): RestResult {
  closeEach(ctx, ctx.services.registry.connections(ctx.hubKey));
  return { status: 204 };
}

/** CloseUserConnections (op 11). */
export function closeUserConnections(ctx: RestContext): RestResult {
  closeEach(ctx, ctx.services.registry.userConnections(ctx.hubKey, ctx.id(0, 'userId')));
  return { status: 204 };
}

/** CloseGroupConnections (op 12). */
export function closeGroupConnections(ctx: RestContext): RestResult {
  closeEach(ctx, ctx.services.registry.groupMembers(ctx.hubKey, ctx.group(0)));
  return { status: 204 };
}

/** RemoveConnectionFromAllGroups (op 15). */
export function removeConnectionFromAllGroups(ctx: RestContext): RestResult {
  const connection = ctx.services.registry.connection(ctx.hubKey, ctx.id(0, 'connectionId'));
  if (connection) ctx.services.registry.leaveAllGroups(connection);
  return { status: 204 };
}

export function requireConnection(ctx: RestContext, index: number): ClientConnection {
  const connectionId = ctx.id(index, 'connectionId');
  const connection = ctx.services.registry.connection(ctx.hubKey, connectionId);
  if (!connection) throw new NotFoundError(`Connection id '${connectionId}' doesn't exist.`, 'connectionId');
  return connection;
}

function closeEach(ctx: RestContext, connections: Iterable<ClientConnection>): void {
  const excluded = new Set(ctx.all('excluded'));
  const reason = ctx.one('reason') ?? DEFAULT_REASON;
  // Closing removes from the sets being walked: take the list first.
  for (const connection of [...connections]) {
    if (!excluded.has(connection.connectionId)) connection.close(reason);
  }
}
