import mqtt from 'mqtt';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const RELIABLE = 'json.reliable.webpubsub.azure.v1';
const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/** `messageTtlSeconds` of the official service client (client-protocols-2026.md §7). */
describe('message TTL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '30' } });
  });

  afterAll(() => server?.stop());

  async function expiredCount(): Promise<number> {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    return [...text.matchAll(/^switchboard_messages_expired_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  }

  it('drops what a reliable client missed for longer than the TTL, and delivers the rest on recovery', async () => {
    const service = serviceClient(server, 'ttl');
    const url = await clientUrl(server, 'ttl', { userId: 'away' });
    const client = await RawClient.open(url, RELIABLE);
    const connected = await client.nextJson();
    const before = await expiredCount();
    // A network loss: no close frame, so the session waits for its client.
    client.ws.terminate();
    await service.sendToConnection(connected.connectionId, 'stale', { contentType: 'text/plain', messageTtlSeconds: 1 });
    await service.sendToConnection(connected.connectionId, 'fresh', { contentType: 'text/plain', messageTtlSeconds: 60 });
    await service.sendToConnection(connected.connectionId, 'no ttl', { contentType: 'text/plain' });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const back = await RawClient.open(
      `${url}&awps_connection_id=${encodeURIComponent(connected.connectionId)}&awps_reconnection_token=${encodeURIComponent(connected.reconnectionToken)}`,
      RELIABLE,
    );
    expect(await back.nextJson()).toMatchObject({ event: 'connected', connectionId: connected.connectionId });
    expect(await back.nextJson()).toMatchObject({ data: 'fresh' });
    expect(await back.nextJson()).toMatchObject({ data: 'no ttl' });
    await back.expectSilence();
    expect(await expiredCount()).toBe(before + 1);

    // A TTL does not touch a message written at once to a client that is there.
    await service.sendToConnection(connected.connectionId, 'live', { contentType: 'text/plain', messageTtlSeconds: 1 });
    expect(await back.nextJson()).toMatchObject({ data: 'live' });
    back.close();
  });

  it('drops expired messages from an offline MQTT session queue', async () => {
    const options = { clean: false, properties: { sessionExpiryInterval: 30 } };
    const device = await mqttConnect(server, 'ttl', { clientId: 'sleepy', version: 5, userId: 'sleepy', roles: allRoles, ...options });
    await device.subscribeAsync('alerts', { qos: 1 });
    device.end(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const service = serviceClient(server, 'ttl');
    await service.group('alerts').sendToAll('expires', { contentType: 'text/plain', messageTtlSeconds: 1 });
    await service.group('alerts').sendToAll('stays', { contentType: 'text/plain', messageTtlSeconds: 120 });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const { url } = await service.getClientAccessToken({ userId: 'sleepy', roles: allRoles, clientProtocol: 'mqtt' });
    const back = mqtt.connect(url, { protocolVersion: 5, clientId: 'sleepy', reconnectPeriod: 0, ...options });
    const inbox = mqttInbox(back);
    await new Promise((resolve, reject) => (back.once('connect', resolve), back.once('error', reject)));
    await until(() => inbox.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inbox.map((message) => message.payload)).toEqual(['stays']);
    back.end(true);
  });

  it('refuses a TTL outside 0-300 with 400', async () => {
    const service = serviceClient(server, 'ttl');
    await expect(service.sendToAll('x', { contentType: 'text/plain', messageTtlSeconds: 301 })).rejects.toMatchObject({ statusCode: 400 });
  });
});
