import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { serviceClient } from './clients';
import type { TestServer } from './server';

/** An MQTT.js client over WebSocket with a token from the official SDK (clientProtocol mqtt). */
export async function mqttConnect(
  server: TestServer,
  hub: string,
  options: { clientId: string; version: 4 | 5; userId?: string; roles?: string[]; groups?: string[] } & IClientOptions,
): Promise<MqttClient> {
  const { userId, roles, groups, version, ...clientOptions } = options;
  const { url } = await serviceClient(server, hub).getClientAccessToken({ userId, roles, groups, clientProtocol: 'mqtt' });
  return mqtt.connectAsync(url, { protocolVersion: version, reconnectPeriod: 0, connectTimeout: 5000, ...clientOptions });
}

export interface Received {
  topic: string;
  payload: string;
  qos: number;
  properties: Record<string, unknown>;
}

/** Messages a client receives, in order. */
export function mqttInbox(client: MqttClient): Received[] {
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString(), qos: packet.qos, properties: (packet.properties ?? {}) as Record<string, unknown> });
  });
  return messages;
}
