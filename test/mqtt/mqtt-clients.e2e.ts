import mqtt, { type MqttClient } from 'mqtt';
import { serviceClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describe.each([4, 5] as const)('MQTT.js with protocol version %d', (version) => {
  let server: TestServer;
  const clients: MqttClient[] = [];
  let next = 0;
  const id = (name: string) => `${name}${version}x${++next}`;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.end(true);
  });

  afterAll(() => server?.stop());

  async function connect(name: string, roles: string[] = allRoles, extra: Record<string, unknown> = {}) {
    const client = await mqttConnect(server, 'things', { clientId: id(name), version, userId: name, roles, ...extra });
    clients.push(client);
    return client;
  }

  it('connects with a token and publishes to subscribers of the topic, QoS 0, 1 and 2', async () => {
    const subscriber = await connect('sub');
    const publisher = await connect('pub');
    const inbox = mqttInbox(subscriber);
    const granted = await subscriber.subscribeAsync('sensors/temp', { qos: 2 });
    expect(granted[0].qos).toBe(2);
    await publisher.publishAsync('sensors/temp', 'q0', { qos: 0 });
    await publisher.publishAsync('sensors/temp', 'q1', { qos: 1 });
    await publisher.publishAsync('sensors/temp', 'q2', { qos: 2 });
    await until(() => inbox.length === 3);
    expect(inbox.map(({ topic, payload, qos }) => ({ topic, payload, qos }))).toEqual([
      { topic: 'sensors/temp', payload: 'q0', qos: 0 },
      { topic: 'sensors/temp', payload: 'q1', qos: 1 },
      { topic: 'sensors/temp', payload: 'q2', qos: 2 },
    ]);
  });

  it('downgrades to the QoS the subscription was granted', async () => {
    const subscriber = await connect('low');
    const publisher = await connect('high');
    const inbox = mqttInbox(subscriber);
    await subscriber.subscribeAsync('downgrade', { qos: 0 });
    await publisher.publishAsync('downgrade', 'x', { qos: 2 });
    await until(() => inbox.length === 1);
    expect(inbox[0].qos).toBe(0);
  });

  it('stops delivering after UNSUBSCRIBE', async () => {
    const subscriber = await connect('unsub');
    const publisher = await connect('pub2');
    const inbox = mqttInbox(subscriber);
    await subscriber.subscribeAsync('leaving', { qos: 1 });
    await publisher.publishAsync('leaving', 'one', { qos: 1 });
    await until(() => inbox.length === 1);
    await subscriber.unsubscribeAsync('leaving');
    await publisher.publishAsync('leaving', 'two', { qos: 1 });
    await publisher.publishAsync('marker', 'm', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox).toHaveLength(1);
  });

  it('refuses SUBSCRIBE without the joinLeaveGroup role', async () => {
    const client = await connect('norole', []);
    // MQTT.js rejects a SUBACK holding a failure code and hands over the packet.
    await expect(client.subscribeAsync('private', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [version === 5 ? 0x87 : 0x80] } });
  });

  it('refuses wildcard and shared subscriptions, which Azure does not support', async () => {
    const client = await connect('wild');
    await expect(client.subscribeAsync({ 'a/+': { qos: 0 }, 'b/#': { qos: 0 }, '$share/g/t': { qos: 0 } } as any)).rejects.toMatchObject({
      packet: { granted: version === 5 ? [0xa2, 0xa2, 0x9e] : [0x80, 0x80, 0x80] },
    });
  });

  it('does not deliver a PUBLISH without the sendToGroup role', async () => {
    const subscriber = await connect('listener');
    const sender = await connect('mute', ['webpubsub.joinLeaveGroup']);
    const inbox = mqttInbox(subscriber);
    await subscriber.subscribeAsync('guarded', { qos: 1 });
    if (version === 5) {
      await expect(sender.publishAsync('guarded', 'x', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    } else {
      await sender.publishAsync('guarded', 'x', { qos: 1 });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox).toHaveLength(0);
  });

  it('answers PINGREQ', async () => {
    const client = await connect('pinger', allRoles, { keepalive: 1 });
    await new Promise((r) => setTimeout(r, 2500));
    expect(client.connected).toBe(true);
  });

  it('refuses a client id Azure does not allow', async () => {
    await expect(mqttConnect(server, 'things', { clientId: 'bad_id', version })).rejects.toMatchObject({ code: version === 5 ? 0x85 : 2 });
  });
});

describe('MQTT 5.0 properties', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  it('carries user properties, content type, correlation data and response topic between MQTT clients', async () => {
    const subscriber = await mqttConnect(server, 'props', { clientId: 'propsub', version: 5, roles: allRoles });
    const publisher = await mqttConnect(server, 'props', { clientId: 'proppub', version: 5, roles: allRoles });
    try {
      const inbox = mqttInbox(subscriber);
      await subscriber.subscribeAsync('req', { qos: 1 });
      await publisher.publishAsync('req', '{"q":1}', {
        qos: 1,
        properties: {
          userProperties: { trace: 'abc', tag: ['x', 'y'] },
          contentType: 'application/json',
          correlationData: Buffer.from('corr-1'),
          responseTopic: 'replies',
          messageExpiryInterval: 60,
        },
      });
      await until(() => inbox.length === 1);
      const properties = inbox[0].properties as any;
      expect(properties.userProperties).toEqual({ trace: 'abc', tag: ['x', 'y'] });
      expect(properties.contentType).toBe('application/json');
      expect(Buffer.from(properties.correlationData).toString()).toBe('corr-1');
      expect(properties.responseTopic).toBe('replies');
      expect(properties.messageExpiryInterval).toBeLessThanOrEqual(60);
    } finally {
      subscriber.end(true);
      publisher.end(true);
    }
  });

  it('sends nothing larger than the Maximum Packet Size the client asked for', async () => {
    const small = await mqttConnect(server, 'props', { clientId: 'smallsub', version: 5, roles: allRoles, properties: { maximumPacketSize: 200 } });
    const publisher = await mqttConnect(server, 'props', { clientId: 'bigpub', version: 5, roles: allRoles });
    try {
      const inbox = mqttInbox(small);
      await small.subscribeAsync('sized', { qos: 1 });
      await publisher.publishAsync('sized', 'x'.repeat(500), { qos: 1 });
      await publisher.publishAsync('sized', 'fits', { qos: 1 });
      await until(() => inbox.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(inbox.map((m) => m.payload)).toEqual(['fits']);
    } finally {
      small.end(true);
      publisher.end(true);
    }
  });

  it('assigns a client id to an empty one and advertises what it does not support', async () => {
    const { url } = await serviceClient(server, 'props').getClientAccessToken({ clientProtocol: 'mqtt' });
    const client = mqtt.connect(url, { protocolVersion: 5, clientId: '', reconnectPeriod: 0 });
    const connack: any = await new Promise((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    client.end(true);
    expect(connack.properties.assignedClientIdentifier).toMatch(/^[0-9a-zA-Z]+$/);
    expect(connack.properties).toMatchObject({ retainAvailable: false, wildcardSubscriptionAvailable: false, sharedSubscriptionAvailable: false, receiveMaximum: 1000 });
  });
});
