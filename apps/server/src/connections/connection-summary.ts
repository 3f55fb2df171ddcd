import type { ConnectionSummary } from '@switchboard/protocol';
import type { ClientConnection } from './client-connection';

/** How the admin API shows one live connection. */
export function toSummary(connection: ClientConnection): ConnectionSummary {
  const { traffic } = connection;
  return {
    hub: connection.hubKey,
    connectionId: connection.connectionId,
    userId: connection.userId,
    kind: connection.flavour === 'mqtt' ? 'mqtt' : 'native',
    protocol: connection.protocol,
    groups: [...connection.groups].sort(),
    remoteAddress: connection.remoteAddress ?? null,
    connectedAt: connection.connectedAt.toISOString(),
    messagesIn: traffic.messagesIn,
    bytesIn: traffic.bytesIn,
    messagesOut: traffic.messagesOut,
    bytesOut: traffic.bytesOut,
  };
}

/**
 * What changes on a connection while it lives: groups and traffic. The push channel sends a
 * row again only when this changes, so idle connections cost one string per tick.
 */
export function fingerprint(connection: ClientConnection): string {
  const { traffic } = connection;
  let groups = '';
  for (const group of connection.groups) groups += `${group}\u0000`;
  return `${traffic.messagesIn}|${traffic.messagesOut}|${traffic.bytesIn}|${traffic.bytesOut}|${groups}`;
}

/** The search box of the Connections page: case-insensitive text in any of the shown fields. */
export function matchesSearch(connection: ClientConnection, needle: string): boolean {
  if (needle === '') return true;
  const lower = needle.toLowerCase();
  if (connection.connectionId.toLowerCase().includes(lower)) return true;
  if (connection.userId?.toLowerCase().includes(lower)) return true;
  if (connection.protocol.toLowerCase().includes(lower)) return true;
  if (connection.remoteAddress?.toLowerCase().includes(lower)) return true;
  for (const group of connection.groups) if (group.toLowerCase().includes(lower)) return true;
  return false;
}
