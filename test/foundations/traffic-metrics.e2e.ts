import { WebPubSubClient } from '@azure/web-pubsub-client';
import type { MqttClient } from 'mqtt';
import { clientUrl } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describe('message counters on /metrics', () => {
  let server: TestServer;
  const mqttClients: MqttClient[] = [];
  let native: WebPubSubClient | undefined;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    for (const client of mqttClients) client.end(true);
    native?.stop();
    await server?.stop();
  });

  async function metric(line: RegExp): Promise<number> {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const match = line.exec(text);
    return match ? Number(match[1]) : NaN;
  }

  it('count what clients of each protocol sent and what was delivered, scrape after scrape', async () => {
    const subscriber = await mqttConnect(server, 'counted', { clientId: 'sub', version: 4, roles });
    const publisher = await mqttConnect(server, 'counted', { clientId: 'pub', version: 5, roles });
    mqttClients.push(subscriber, publisher);
    const inbox = mqttInbox(subscriber);
    await subscriber.subscribeAsync('room');

    for (const payload of ['one', 'two', 'three']) await publisher.publishAsync('room', payload);
    await until(() => inbox.length === 3);
    expect(await metric(/^switchboard_messages_in_total\{protocol="mqtt.v5"\} (\d+)$/m)).toBe(3);
    expect(await metric(/^switchboard_bytes_in_total\{protocol="mqtt.v5"\} (\d+)$/m)).toBe(11);
    expect(await metric(/^switchboard_messages_out_total (\d+)$/m)).toBe(3);
    const bytesOut = await metric(/^switchboard_bytes_out_total (\d+)$/m);
    expect(bytesOut).toBeGreaterThan(11);

    // A native client's message to the group: one more in under its own protocol, one more out.
    native = new WebPubSubClient(await clientUrl(server, 'counted', { roles }));
    await native.start();
    await native.sendToGroup('room', 'four', 'text', { fireAndForget: false });
    await until(() => inbox.length === 4);
    expect(await metric(/^switchboard_messages_in_total\{protocol="json.reliable.webpubsub.azure.v1"\} (\d+)$/m)).toBe(1);
    expect(await metric(/^switchboard_messages_in_total\{protocol="mqtt.v5"\} (\d+)$/m)).toBe(3);
    expect(await metric(/^switchboard_messages_out_total (\d+)$/m)).toBe(4);
    expect(await metric(/^switchboard_bytes_out_total (\d+)$/m)).toBeGreaterThan(bytesOut);
  });
});
