import type { RestContext, RestResult } from './rest-context';
import * as connections from './operations/connections';
import { generateClientToken } from './operations/generate-token';
import * as groups from './operations/groups';
import { listConnectionsInGroup } from './operations/list-connections';
import * as permissions from './operations/permissions';
import * as send from './operations/send';
import * as users from './operations/users';

export type Operation = (ctx: RestContext) => RestResult | Promise<RestResult>;

export interface OperationRoute {
  /** Operation id of the 2024-12-01 data plane, to check the table against spec/rest-api.md §4. */
  id: string;
  method: string;
  path: RegExp;
  run: Operation;
}

/** `{}` is one path segment, matched percent-encoded and decoded once (group names may hold `/`). */
function route(id: string, method: string, template: string, run: Operation): OperationRoute {
  const pattern = template
    .split('{}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  return { id, method, path: new RegExp(`^/api/hubs/([^/]+)${pattern}$`), run };
}

export const OPERATIONS: readonly OperationRoute[] = [
  route('SendToAll', 'POST', '/:send', send.sendToAll),
  route('SendToUser', 'POST', '/users/{}/:send', send.sendToUser),
  route('SendToConnection', 'POST', '/connections/{}/:send', send.sendToConnection),
  route('SendToGroup', 'POST', '/groups/{}/:send', send.sendToGroup),
  route('ConnectionExists', 'HEAD', '/connections/{}', connections.connectionExists),
  route('GroupExists', 'HEAD', '/groups/{}', groups.groupExists),
  route('UserExists', 'HEAD', '/users/{}', users.userExists),
  route('CloseConnection', 'DELETE', '/connections/{}', connections.closeConnection),
  route('CloseAllConnections', 'POST', '/:closeConnections', connections.closeAllConnections),
  route('CloseUserConnections', 'POST', '/users/{}/:closeConnections', connections.closeUserConnections),
  route('CloseGroupConnections', 'POST', '/groups/{}/:closeConnections', connections.closeGroupConnections),
  route('AddConnectionToGroup', 'PUT', '/groups/{}/connections/{}', groups.addConnectionToGroup),
  route('RemoveConnectionFromGroup', 'DELETE', '/groups/{}/connections/{}', groups.removeConnectionFromGroup),
  route('RemoveConnectionFromAllGroups', 'DELETE', '/connections/{}/groups', connections.removeConnectionFromAllGroups),
  route('AddUserToGroup', 'PUT', '/users/{}/groups/{}', users.addUserToGroup),
  route('RemoveUserFromGroup', 'DELETE', '/users/{}/groups/{}', users.removeUserFromGroup),
  route('RemoveUserFromAllGroups', 'DELETE', '/users/{}/groups', users.removeUserFromAllGroups),
  route('AddConnectionsToGroups', 'POST', '/:addToGroups', groups.addConnectionsToGroups),
  route('RemoveConnectionsFromGroups', 'POST', '/:removeFromGroups', groups.removeConnectionsFromGroups),
  route('GrantPermission', 'PUT', '/permissions/{}/connections/{}', permissions.grantPermission),
  route('RevokePermission', 'DELETE', '/permissions/{}/connections/{}', permissions.revokePermission),
  route('CheckPermission', 'HEAD', '/permissions/{}/connections/{}', permissions.checkPermission),
  route('ListConnectionsInGroup', 'GET', '/groups/{}/connections', listConnectionsInGroup),
  route('GenerateClientToken', 'POST', '/:generateToken', generateClientToken),
];
