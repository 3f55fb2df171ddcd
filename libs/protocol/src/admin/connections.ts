/** Live connections as the admin API and the dashboard's push channel describe them. */
export type ConnectionKind = 'native' | 'mqtt';

export interface ConnectionSummary {
  /** Hub key (lower-cased hub name): with connectionId it names the connection. */
  hub: string;
  connectionId: string;
  userId: string | null;
  kind: ConnectionKind;
  /** Subprotocol (`json.webpubsub.azure.v1`, `raw`...) or MQTT version (`mqtt.v5`). */
  protocol: string;
  groups: string[];
  remoteAddress: string | null;
  /** ISO time. */
  connectedAt: string;
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

/** A connection by name: connection ids are unique within a hub only (an MQTT client id can repeat across hubs). */
export interface ConnectionRef {
  hub: string;
  connectionId: string;
}

export function connectionKey({ hub, connectionId }: ConnectionRef): string {
  return `${hub}/${connectionId}`;
}

/** GET /admin/api/connections query: every field optional. */
export interface ConnectionsQuery {
  hub?: string;
  /** Case-insensitive text found in the connection id, user id, protocol, remote address or a group. */
  search?: string;
  group?: string;
  kind?: ConnectionKind;
  top?: number;
  skip?: number;
}

export interface Page<T> {
  value: T[];
  /** How many items match in all, for the pager. */
  total: number;
}

export interface CloseConnectionBody {
  reason?: string;
}

export const MAX_CLOSE_REASON_LENGTH = 1024;
export const DEFAULT_PAGE_TOP = 100;
export const MAX_PAGE_TOP = 1000;
