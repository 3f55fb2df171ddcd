import mqtt, { type MqttClient } from 'mqtt';
import { serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const ALL = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/**
 * Durable MQTT sessions and retained messages of a hub that allows sessions longer than Azure's
 * 30 s: they outlive their network connection for as long as the client asked, and a restart of
 * the server, graceful or not.
 */
describe('MQTT durable sessions', () => {
  let server: TestServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    const put = await call(server, 'PUT', '/admin/api/hubs/durable', {
      body: { properties: { mqtt: { retainedMessages: true, wildcardSubscriptions: true, maxSessionExpirySeconds: 3600 } } },
    });
    expect(put.status).toBe(201);
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.end(true);
  });

  afterAll(() => server?.stop());

  async function device(clientId: string, version: 4 | 5, options: Record<string, unknown> = {}): Promise<MqttClient> {
    const client = await mqttConnect(server, 'durable', { clientId, version, roles: ALL, ...options });
    clients.push(client);
    return client;
  }

  /** Reconnects with the listener in place before CONNACK: a resumed session's queue follows it at once. */
  async function resume(clientId: string, version: 4 | 5): Promise<{ client: MqttClient; inbox: ReturnType<typeof mqttInbox> }> {
    const { url } = await serviceClient(server, 'durable').getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
    const client = mqtt.connect(url, { protocolVersion: version, clientId, reconnectPeriod: 0, ...persistent(version) });
    clients.push(client);
    const inbox = mqttInbox(client);
    await new Promise((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    return { client, inbox };
  }

  /** A session that outlives its connection: clean start 0 and, on v5, a Session Expiry Interval. */
  const persistent = (version: 4 | 5, expiry = 600) => (version === 5 ? { clean: false, properties: { sessionExpiryInterval: expiry } } : { clean: false });

  it('grants the session expiry the hub allows past 30 s, and answers Request Response Information', async () => {
    const { url } = await serviceClient(server, 'durable').getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
    const client = mqtt.connect(url, { protocolVersion: 5, clientId: 'askslong', clean: false, reconnectPeriod: 0, properties: { sessionExpiryInterval: 7200, requestResponseInformation: true } });
    clients.push(client);
    const connack = await new Promise<Record<string, unknown>>((resolve, reject) => {
      client.once('connect', (packet) => resolve((packet.properties ?? {}) as Record<string, unknown>));
      client.once('error', reject);
    });
    expect(connack).toMatchObject({ sessionExpiryInterval: 3600, responseInformation: 'responses/askslong/' });
  });

  it('resumes a session that was away for longer than 30 s, with what was queued for it', async () => {
    const first = await device('patient', 5, persistent(5));
    await first.subscribeAsync('long/+', { qos: 1 });
    await first.endAsync();
    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const sender = await device('longsender', 5);
    await sender.publishAsync('long/wait', 'after 31 s', { qos: 1 });

    const { inbox } = await resume('patient', 5);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({ topic: 'long/wait', payload: 'after 31 s' });
  }, 60_000);

  it.each([
    ['a graceful restart', 'restart'],
    ['kill -9', 'kill'],
  ] as const)('keeps sessions, their queued messages and retained messages across %s', async (_name, how) => {
    const tag = how;
    const publisher = await device(`keeper${tag}`, 5);
    await publisher.publishAsync(`state/${tag}`, 'retained before', { qos: 1, retain: true });
    const v5 = await device(`survivor5${tag}`, 5, persistent(5));
    const v4 = await device(`survivor4${tag}`, 4, persistent(4));
    await v5.subscribeAsync(`jobs/${tag}/#`, { qos: 1 });
    await v4.subscribeAsync(`jobs/${tag}/v4`, { qos: 1 });
    await v5.endAsync();
    await v4.endAsync();
    for (let i = 1; i <= 3; i++) await publisher.publishAsync(`jobs/${tag}/v4`, `queued ${i}`, { qos: 1 });
    // Queued messages of an offline session are written within a fraction of a second.
    await new Promise((resolve) => setTimeout(resolve, 600));

    if (how === 'restart') await server.restart();
    else {
      await server.kill();
      await server.restart();
    }

    const { inbox: inbox5 } = await resume(`survivor5${tag}`, 5);
    const { inbox: inbox4 } = await resume(`survivor4${tag}`, 4);
    await until(() => inbox5.length === 3 && inbox4.length === 3);
    expect(inbox5.map((message) => message.payload)).toEqual(['queued 1', 'queued 2', 'queued 3']);
    expect(inbox4.map((message) => message.payload)).toEqual(['queued 1', 'queued 2', 'queued 3']);

    // The subscriptions came back with the session, and the retained message is still there.
    const sender = await device(`after${tag}`, 5);
    await sender.publishAsync(`jobs/${tag}/v4`, 'live again', { qos: 1 });
    await until(() => inbox5.length === 4 && inbox4.length === 4);
    const late = await device(`late${tag}`, 5);
    const retained = mqttInbox(late);
    await late.subscribeAsync(`state/${tag}`, { qos: 1 });
    await until(() => retained.length === 1);
    expect(retained[0].payload).toBe('retained before');
  }, 60_000);

  it('keeps the newest messages of an offline session whose queue is full, and counts the dropped ones', async () => {
    const away = await device('overflow', 5, persistent(5));
    await away.subscribeAsync('flood', { qos: 1 });
    await away.endAsync();
    const sender = await device('flooder', 5);
    for (let i = 0; i < 1010; i++) sender.publish('flood', String(i), { qos: 1 });
    await new Promise<void>((resolve) => sender.publish('flood', 'last', { qos: 1 }, () => resolve()));


    const { inbox } = await resume('overflow', 5);
    await until(() => inbox.some((message) => message.payload === 'last'));
    expect(inbox.length).toBe(1000);
    expect(inbox[0].payload).toBe('11');
    const metrics = await fetch(`${server.baseUrl}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/switchboard_mqtt_queue_dropped_total\{protocol="mqtt.v5"\} 11/);
  });

  it('keeps Azure-like hubs as they are: no session past 30 s', async () => {
    const { url } = await serviceClient(server, 'plainhub').getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
    const client = mqtt.connect(url, { protocolVersion: 5, clientId: 'azurelong', clean: false, reconnectPeriod: 0, properties: { sessionExpiryInterval: 7200, requestResponseInformation: true } });
    clients.push(client);
    const connack = await new Promise<Record<string, unknown>>((resolve) => client.once('connect', (packet) => resolve((packet.properties ?? {}) as Record<string, unknown>)));
    expect(connack.sessionExpiryInterval).toBe(30);
    expect(connack.responseInformation).toBeUndefined();
  });
});
