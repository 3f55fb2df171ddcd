import type { MqttClient } from 'mqtt';
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
    cluster = await TestCluster.start(2);
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
});
