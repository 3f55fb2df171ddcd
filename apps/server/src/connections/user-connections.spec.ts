import type { ClientConnection } from './client-connection';
import { UserConnections } from './user-connections';

const connection = (connectionId: string) => ({ connectionId }) as ClientConnection;

describe('connections by user', () => {
  it('holds a lone connection, then a set from the second on, and back', () => {
    const users = new UserConnections();
    const [a, b, c] = ['a', 'b', 'c'].map(connection);
    users.add('alice', a);
    users.add('alice', a);
    expect([...users.of('alice')]).toEqual([a]);
    users.add('alice', b);
    users.add('alice', c);
    expect([...users.of('alice')]).toEqual([a, b, c]);
    users.remove('alice', b);
    users.remove('alice', a);
    expect([...users.of('alice')]).toEqual([c]);
    users.add('alice', a);
    expect([...users.of('alice')]).toEqual([c, a]);
    users.remove('alice', c);
    users.remove('alice', a);
    expect(users.of('alice').size).toBe(0);
  });

  it('ignores a connection it does not hold, and keeps users apart', () => {
    const users = new UserConnections();
    const [a, b] = ['a', 'b'].map(connection);
    users.add('alice', a);
    users.add('bob', b);
    users.remove('alice', b);
    users.remove('carol', a);
    expect([...users.of('alice')]).toEqual([a]);
    expect([...users.of('bob')]).toEqual([b]);
    expect(users.of('carol').size).toBe(0);
  });
});
