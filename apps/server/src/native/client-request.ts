import type { IncomingMessage } from 'node:http';

/** The parts of a native upgrade request Switchboard reads (spec/client-protocols.md §1). */
export interface ClientRequest {
  hubName: string | null;
  accessToken: string | null;
  offeredSubprotocols: string[];
  recovery: { connectionId: string; reconnectionToken: string } | null;
  mode: string | null;
  modeGroup: string | null;
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
  remoteAddress: string | undefined;
}

const PATH = /^\/client\/hubs\/([^/]+)\/?$/;
const HUB_IN_QUERY_PATH = /^\/client\/?$/;
/** Not forwarded to the connect event: credentials and Switchboard's own controls. */
const RESERVED_QUERY = new Set(['access_token', 'awps_reconnection_token']);

export function isNativeClientPath(pathname: string): boolean {
  return PATH.test(pathname) || HUB_IN_QUERY_PATH.test(pathname);
}

export function readClientRequest(request: IncomingMessage): ClientRequest {
  const url = new URL(request.url ?? '/', 'http://switchboard.invalid');
  const pathHub = PATH.exec(url.pathname)?.[1];
  const hubName = pathHub !== undefined ? safeDecode(pathHub) : url.searchParams.get('hub');
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
  const connectionId = url.searchParams.get('awps_connection_id');
  const reconnectionToken = url.searchParams.get('awps_reconnection_token');
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    if (!RESERVED_QUERY.has(key)) (query[key] ??= []).push(value);
  }
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i];
    if (name.toLowerCase() === 'authorization') continue;
    (headers[name] ??= []).push(request.rawHeaders[i + 1]);
  }
  return {
    hubName,
    accessToken: url.searchParams.get('access_token') || bearer,
    offeredSubprotocols: (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    recovery: connectionId && reconnectionToken ? { connectionId, reconnectionToken } : null,
    mode: url.searchParams.get('webpubsub_mode'),
    modeGroup: url.searchParams.get('group'),
    query,
    headers,
    remoteAddress: request.socket.remoteAddress,
  };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
