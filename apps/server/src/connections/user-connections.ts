import type { ClientConnection } from './client-connection';

const NONE: ReadonlySet<ClientConnection> = new Set();

/**
 * One hub's connections by user id. Most users hold one connection: it stands alone in the map
 * until a second one comes, rather than in a Set of its own (some 270 bytes a user).
 */
export class UserConnections {
  private readonly byUser = new Map<string, ClientConnection | Set<ClientConnection>>();

  add(userId: string, connection: ClientConnection): void {
    const held = this.byUser.get(userId);
    if (held === undefined) this.byUser.set(userId, connection);
    else if (held instanceof Set) held.add(connection);
    else if (held !== connection) this.byUser.set(userId, new Set([held, connection]));
  }

  remove(userId: string, connection: ClientConnection): void {
    const held = this.byUser.get(userId);
    if (held === connection) {
      this.byUser.delete(userId);
    } else if (held instanceof Set && held.delete(connection) && held.size === 1) {
      const [last] = held;
      this.byUser.set(userId, last);
    }
  }

  /** A lone connection comes in a Set made for the call: sends to a user are rare beside fan-out. */
  of(userId: string): ReadonlySet<ClientConnection> {
    const held = this.byUser.get(userId);
    if (held === undefined) return NONE;
    return held instanceof Set ? held : new Set([held]);
  }
}
