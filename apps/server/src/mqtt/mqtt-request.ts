import type { IncomingMessage } from 'node:http';

const PATH = /^\/clients\/mqtt\/hubs\/([^/]+)\/?$/;

export function isMqttPath(pathname: string): boolean {
  return PATH.test(pathname);
}

/** Hub, token and offered subprotocols of an MQTT upgrade (spec/mqtt.md §1: path form only). */
export interface MqttRequest {
  hubName: string | null;
  accessToken: string | null;
  offered: string[];
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
}

/** Not forwarded to the connect event: the credential. */
const RESERVED_QUERY = new Set(['access_token']);

export function readMqttRequest(request: IncomingMessage): MqttRequest {
  const url = new URL(request.url ?? '/', 'http://switchboard.invalid');
  const segment = PATH.exec(url.pathname)?.[1];
  let hubName: string | null = null;
  try {
    hubName = segment === undefined ? null : decodeURIComponent(segment);
  } catch {
    hubName = null;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
  const offered = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) if (!RESERVED_QUERY.has(key)) (query[key] ??= []).push(value);
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i].toLowerCase() !== 'authorization') (headers[request.rawHeaders[i]] ??= []).push(request.rawHeaders[i + 1]);
  }
  return { hubName, accessToken: url.searchParams.get('access_token') || bearer, offered, query, headers };
}

/** `mqtt` when offered (MQTT.js, Paho, MQTTnet); `mqttv3.1` for old clients; none when none offered. */
export function chooseMqttSubprotocol(offered: readonly string[]): string | false | null {
  if (offered.length === 0) return false;
  if (offered.includes('mqtt')) return 'mqtt';
  if (offered.includes('mqttv3.1')) return 'mqttv3.1';
  return null;
}
