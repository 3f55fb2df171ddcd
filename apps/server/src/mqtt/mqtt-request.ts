import type { IncomingMessage } from 'node:http';

const PATH = /^\/clients\/mqtt\/hubs\/([^/]+)\/?$/;

export function isMqttPath(pathname: string): boolean {
  return PATH.test(pathname);
}

/** Hub, token and offered subprotocols of an MQTT upgrade (spec/mqtt.md §1: path form only). */
export function readMqttRequest(request: IncomingMessage): { hubName: string | null; accessToken: string | null; offered: string[] } {
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
  return { hubName, accessToken: url.searchParams.get('access_token') || bearer, offered };
}

/** `mqtt` when offered (MQTT.js, Paho, MQTTnet); `mqttv3.1` for old clients; none when none offered. */
export function chooseMqttSubprotocol(offered: readonly string[]): string | false | null {
  if (offered.length === 0) return false;
  if (offered.includes('mqtt')) return 'mqtt';
  if (offered.includes('mqttv3.1')) return 'mqttv3.1';
  return null;
}
