import { compileRoles } from '@switchboard/protocol';
import type { ClientConnection } from './client-connection';
import { ConnectionRegistry } from './connection-registry';

function connection(connectionId: string, userId: string | null, hubKey = 'chat'): ClientConnection {
  const groups = new Set<string>();
  return {
    connectionId,
    hubKey,
    hubName: hubKey,
    userId,
    groups,
    addGroup: (group) => groups.size < groups.add(group).size,
    removeGroup: (group) => groups.delete(group),
    permissions: compileRoles([]),
    flavour: 'json',
    protocol: 'json.webpubsub.azure.v1',
    connectedAt: new Date(),
    remoteAddress: undefined,
    traffic: { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 },
    deliver: () => 0,
    close: () => undefined,
    info: () => ({ hubKey, hubName: hubKey, connectionId, userId, subprotocol: null }),
  };
}

describe('connection registry', () => {
  it('indexes connections by id, user and group within their hub', () => {
    const registry = new ConnectionRegistry();
    const a = connection('a', 'alice');
    const b = connection('b', 'alice');
    const other = connection('a', 'alice', 'other');
    registry.add(a);
    registry.add(b);
    registry.add(other);
    registry.joinGroup(a, 'g');
    expect(registry.connection('chat', 'a')).toBe(a);
    expect([...registry.userConnections('chat', 'alice')]).toEqual([a, b]);
    expect([...registry.groupMembers('chat', 'g')]).toEqual([a]);
    expect([...registry.groupMembers('other', 'g')]).toEqual([]);
  });

  it('forgets a removed connection everywhere, and an emptied hub', () => {
    const registry = new ConnectionRegistry();
    const a = connection('a', 'alice');
    registry.add(a);
    registry.joinGroup(a, 'g');
    registry.remove(a);
    expect(registry.connection('chat', 'a')).toBeUndefined();
    expect(registry.groupMembers('chat', 'g').size).toBe(0);
    expect(registry.userConnections('chat', 'alice').size).toBe(0);
    expect([...registry.hubKeys()]).toEqual([]);
  });

  it('joins and leaves idempotently', () => {
    const registry = new ConnectionRegistry();
    const a = connection('a', null);
    registry.add(a);
    expect(registry.joinGroup(a, 'g')).toBe(true);
    expect(registry.joinGroup(a, 'g')).toBe(false);
    expect(registry.leaveGroup(a, 'g')).toBe(true);
    expect(registry.leaveGroup(a, 'g')).toBe(false);
  });

  it('adds a user to a group now and for the connections it opens later', () => {
    const registry = new ConnectionRegistry();
    const now = connection('now', 'alice');
    registry.add(now);
    registry.addUserToGroup('chat', 'alice', 'team');
    const later = connection('later', 'alice');
    registry.add(later);
    expect([...registry.groupMembers('chat', 'team')]).toEqual([now, later]);

    registry.removeUserFromGroup('chat', 'alice', 'team');
    const afterwards = connection('afterwards', 'alice');
    registry.add(afterwards);
    expect(registry.groupMembers('chat', 'team').size).toBe(0);
  });

  it('removes a user from all groups, remembered ones included', () => {
    const registry = new ConnectionRegistry();
    const a = connection('a', 'alice');
    registry.add(a);
    registry.joinGroup(a, 'x');
    registry.addUserToGroup('chat', 'alice', 'y');
    registry.removeUserFromGroup('chat', 'alice');
    expect([...a.groups]).toEqual([]);
    const later = connection('later', 'alice');
    registry.add(later);
    expect([...later.groups]).toEqual([]);
  });

  it('tells of memberships that begin and end, but not of a session that moves', () => {
    const registry = new ConnectionRegistry();
    const changes: string[] = [];
    registry.onMembershipChange((c, group, change) => changes.push(`${c.connectionId} ${change} ${group}`));
    const a = connection('a', 'alice');
    a.addGroup('from-token');
    registry.add(a);
    registry.joinGroup(a, 'g');
    registry.joinGroup(a, 'g');
    registry.leaveGroup(a, 'g');
    registry.remove(a);
    const moved = connection('m', null);
    moved.addGroup('kept');
    registry.add(moved, true);
    registry.remove(moved, true);
    expect(changes).toEqual(['a joined from-token', 'a joined g', 'a left g', 'a left from-token']);
  });
});
