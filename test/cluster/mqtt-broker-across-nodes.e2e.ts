import mqtt, { type MqttClient } from 'mqtt';
import { serviceClient } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { call } from '../harness/management';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { until } from '../harness/until';

const ALL = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];
const BROKER = { wildcardSubscriptions: true, sharedSubscriptions: true, retainedMessages: true, topicAliasMaximum: 10, maxSessionExpirySeconds: 3600 };

/** MQTT broker mode on several nodes: wildcards, shares, retained messages and sessions hold across them. */
describeCluster('MQTT broker mode across nodes', () => {
  let cluster: TestCluster;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start(3);
    expect((await call(cluster.nodes[0], 'PUT', '/admin/api/hubs/fleet', { body: { properties: { mqtt: BROKER } } })).status).toBe(201);
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.end(true);
  });

  afterAll(() => cluster?.stop());

  async function device(node: number, clientId: string, version: 4 | 5 = 5): Promise<MqttClient> {
    const client = await mqttConnect(cluster.nodes[node], 'fleet', { clientId, version, roles: ALL });
    clients.push(client);
    return client;
  }

  it('delivers to wildcard subscribers on every node', async () => {
    const here = await device(0, 'wildhere');
    const there = await device(1, 'wildthere', 4);
    const inboxes = [mqttInbox(here), mqttInbox(there)];
    await here.subscribeAsync('plant/+/alarm', { qos: 1 });
    await there.subscribeAsync('plant/#', { qos: 1 });
    const sender = await device(1, 'wildsender');
    await sender.publishAsync('plant/boiler/alarm', 'hot', { qos: 1 });
    await until(() => inboxes.every((inbox) => inbox.length === 1));
    expect(inboxes.map((inbox) => inbox[0].payload)).toEqual(['hot', 'hot']);
  });

  it('gives each message of a share with members on both nodes to exactly one of them', async () => {
    const members = [await device(0, 'sharehere'), await device(1, 'sharethere')];
    const inboxes = members.map(mqttInbox);
    for (const member of members) await member.subscribeAsync('$share/crew/tasks/+', { qos: 1 });
    // Nodes learn of each other's share members from their heartbeats (every second).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const senders = [await device(0, 'tasksenderhere'), await device(1, 'tasksenderthere')];
    for (let i = 0; i < 20; i++) await senders[i % 2].publishAsync(`tasks/${i}`, String(i), { qos: 1 });
    await until(() => inboxes[0].length + inboxes[1].length >= 20);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const got = [...inboxes[0], ...inboxes[1]].map((message) => Number(message.payload)).sort((a, b) => a - b);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(inboxes[0].length).toBeGreaterThan(0);
    expect(inboxes[1].length).toBeGreaterThan(0);
  });

  it('shares retained messages between nodes', async () => {
    const publisher = await device(0, 'retainpub');
    await publisher.publishAsync('site/gate', 'closed', { qos: 1, retain: true });
    const late = await device(1, 'retainlate', 4);
    const inbox = mqttInbox(late);
    await late.subscribeAsync('site/#', { qos: 1 });
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({ topic: 'site/gate', payload: 'closed' });
  });

  it('resumes a durable session on another node after the node that held it died, with what was queued', async () => {
    const doomed = cluster.nodes[2];
    const away = await mqttConnect(doomed, 'fleet', { clientId: 'wanderer', version: 5, roles: ALL, clean: false, properties: { sessionExpiryInterval: 600 } });
    await away.subscribeAsync('orders/+', { qos: 1 });
    await away.endAsync();
    const sender = await device(0, 'ordersender');
    for (let i = 1; i <= 3; i++) await sender.publishAsync(`orders/${i}`, `order ${i}`, { qos: 1 });
    // Queued messages of an offline durable session are written within a fraction of a second.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await doomed.kill();

    const { url } = await serviceClient(cluster.nodes[1], 'fleet').getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
    const back = mqtt.connect(url, { protocolVersion: 5, clientId: 'wanderer', clean: false, reconnectPeriod: 0, properties: { sessionExpiryInterval: 600 } });
    clients.push(back);
    const inbox = mqttInbox(back);
    const sessionPresent = await new Promise<boolean>((resolve, reject) => {
      back.once('connect', (packet) => resolve(packet.sessionPresent));
      back.once('error', reject);
    });
    expect(sessionPresent).toBe(true);
    await until(() => inbox.length === 3);
    expect(inbox.map((message) => message.payload)).toEqual(['order 1', 'order 2', 'order 3']);
    await sender.publishAsync('orders/4', 'order 4', { qos: 1 });
    await until(() => inbox.length === 4);
  });
});
