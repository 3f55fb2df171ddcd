import type { ConnectedRequest, ConnectRequest, DisconnectedRequest } from '@azure/web-pubsub-express';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import mqtt, { type MqttClient } from 'mqtt';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { call, signFor } from '../harness/management';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import type { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp, SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/** Cuts the TCP connection under an MQTT.js client: no DISCONNECT, as a network loss. */
function cutNetwork(client: MqttClient): void {
  (client.stream as any).socket?._socket?.destroy?.() ?? client.stream.destroy();
}

describeCluster('messages, sessions and settings across three nodes', () => {
  let cluster: TestCluster;
  let nodes: TestServer[];
  const mqttClients: MqttClient[] = [];
  const sdkClients: WebPubSubClient[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start(3, { env: { RELIABLE_RECOVERY_SECONDS: '30' } });
    nodes = cluster.nodes;
  });

  afterEach(() => {
    for (const client of mqttClients.splice(0)) client.end(true);
    for (const client of sdkClients.splice(0)) client.stop();
  });

  afterAll(() => cluster?.stop());

  async function mqttOn(node: TestServer, clientId: string, version: 4 | 5, extra: Record<string, unknown> = {}) {
    const client = await mqttConnect(node, 'feeds', { clientId, version, userId: clientId, roles: allRoles, ...extra });
    mqttClients.push(client);
    return client;
  }

  async function sdkOn(node: TestServer, userId: string) {
    const client = new WebPubSubClient(await clientUrl(node, 'feeds', { userId, roles: allRoles }), SDK_CLIENT_OPTIONS);
    sdkClients.push(client);
    await client.start();
    return client;
  }

  it('delivers native group messages to members on every node once each, in publish order', async () => {
    const received: Array<Array<string>> = [[], [], []];
    for (let i = 0; i < 3; i++) {
      const member = await sdkOn(nodes[i], `member-${i}`);
      member.on('group-message', (event) => received[i].push(event.message.data as string));
      await member.joinGroup('orders');
    }
    const publisher = await sdkOn(nodes[0], 'publisher');
    const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await Promise.all(sent.map((text) => publisher.sendToGroup('orders', text, 'text', { fireAndForget: true })));
    await until(() => received.every((inbox) => inbox.length >= sent.length));
    await new Promise((r) => setTimeout(r, 300));
    for (const inbox of received) expect(inbox).toEqual(sent);
  });

  it.each([4, 5] as const)('delivers MQTT %d publishes to subscribers on every node once each, in order, across protocols', async (version) => {
    const inboxes: Array<ReturnType<typeof mqttInbox>> = [];
    for (let i = 0; i < 3; i++) {
      const subscriber = await mqttOn(nodes[i], `sub${version}n${i}`, version);
      inboxes.push(mqttInbox(subscriber));
      await subscriber.subscribeAsync(`telemetry${version}`, { qos: 1 });
    }
    const native = await sdkOn(nodes[2], `native-watcher-${version}`);
    const nativeInbox: string[] = [];
    native.on('group-message', (event) => nativeInbox.push(Buffer.from(event.message.data as ArrayBuffer).toString()));
    await native.joinGroup(`telemetry${version}`);

    const publisher = await mqttOn(nodes[1], `pub${version}`, version);
    const sent = Array.from({ length: 100 }, (_, i) => `reading-${i}`);
    for (const payload of sent) publisher.publish(`telemetry${version}`, payload, { qos: 1 });
    await until(() => inboxes.every((inbox) => inbox.length >= sent.length) && nativeInbox.length >= sent.length);
    await new Promise((r) => setTimeout(r, 300));
    for (const inbox of inboxes) expect(inbox.map((m) => m.payload)).toEqual(sent);
    expect(nativeInbox).toEqual(sent);
  });

  it('keeps what MQTT says beyond the payload across nodes: QoS, properties, the original bytes', async () => {
    const subscriber = await mqttOn(nodes[2], 'propsub', 5);
    const inbox = mqttInbox(subscriber);
    await subscriber.subscribeAsync('props', { qos: 2 });
    const publisher = await mqttOn(nodes[0], 'proppub', 5);
    await publisher.publishAsync('props', Buffer.from([0xff, 0x00]), { qos: 0, properties: { userProperties: { origin: 'node-1' }, correlationData: Buffer.from('c-1'), contentType: 'application/x-bytes' } });
    await publisher.publishAsync('props', 'two', { qos: 2 });
    await until(() => inbox.length === 2);
    expect(inbox[0]).toMatchObject({ qos: 0, properties: { userProperties: { origin: 'node-1' }, contentType: 'application/x-bytes' } });
    expect(Buffer.from(inbox[0].properties.correlationData as Buffer).toString()).toBe('c-1');
    expect(inbox[1]).toMatchObject({ qos: 2, payload: 'two' });
  });

  it('a client id connecting on another node takes the session over: the old connection gets DISCONNECT 0x8E', async () => {
    const first = await mqttOn(nodes[0], 'roamer', 5);
    const disconnect = new Promise<number | undefined>((resolve) => first.on('disconnect', (packet) => resolve(packet.reasonCode)));
    const second = await mqttOn(nodes[1], 'roamer', 5);
    expect(await disconnect).toBe(0x8e);
    expect(second.connected).toBe(true);
    const service = serviceClient(nodes[2], 'feeds');
    expect(await service.connectionExists('roamer')).toBe(true);
    const listed = await call(nodes[2], 'GET', '/admin/api/connections?hub=feeds&search=roamer');
    expect(listed.body.value).toEqual([expect.objectContaining({ connectionId: 'roamer' })]);
  });

  it.each([4, 5] as const)('resumes a persistent MQTT %d session on another node with the QoS 1 messages queued while away', async (version) => {
    const persistent = version === 5 ? { clean: false, properties: { sessionExpiryInterval: 30 } } : { clean: false };
    const device = await mqttOn(nodes[0], `sleeper${version}`, version, persistent);
    await device.subscribeAsync(`commands${version}`, { qos: 1 });
    cutNetwork(device);
    const service = serviceClient(nodes[1], 'feeds');
    await until(() => device.connected === false);
    for (let i = 0; i < 5; i++) await service.group(`commands${version}`).sendToAll(`cmd-${i}`, { contentType: 'text/plain' });

    // The queued messages follow the CONNACK at once: listen before connecting.
    const { url } = await serviceClient(nodes[2], 'feeds').getClientAccessToken({ userId: `sleeper${version}`, roles: allRoles, clientProtocol: 'mqtt' });
    const resumed = mqtt.connect(url, { protocolVersion: version, clientId: `sleeper${version}`, reconnectPeriod: 0, ...persistent });
    mqttClients.push(resumed);
    const inbox = mqttInbox(resumed);
    const connack: any = await new Promise((resolve, reject) => {
      resumed.once('connect', resolve);
      resumed.once('error', reject);
    });
    expect(connack.sessionPresent).toBe(true);
    await until(() => inbox.length >= 5);
    expect(inbox.map((m) => m.payload)).toEqual(['cmd-0', 'cmd-1', 'cmd-2', 'cmd-3', 'cmd-4']);
    // Its subscription came along: later messages reach it on the new node.
    await service.group(`commands${version}`).sendToAll('later', { contentType: 'text/plain' });
    await until(() => inbox.length === 6);
  });

  it('fires each upstream event once, from the node that holds the connection', async () => {
    const connects: ConnectRequest[] = [];
    const connected: ConnectedRequest[] = [];
    const disconnected: DisconnectedRequest[] = [];
    const app = await EventHandlerApp.start({
      hub: 'upstream',
      allowedEndpoints: nodes.map((node) => node.baseUrl),
      handler: {
        handleConnect: (request, response) => {
          connects.push(request);
          response.success();
        },
        onConnected: (request) => void connected.push(request),
        onDisconnected: (request) => void disconnected.push(request),
      },
    });
    try {
      const put = await call(nodes[0], 'PUT', '/admin/api/hubs/upstream', {
        body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, systemEvents: ['connect', 'connected', 'disconnected'] }] } },
      });
      expect(put.status).toBe(201);
      const client = new WebPubSubClient(await clientUrl(nodes[2], 'upstream', { userId: 'once' }), SDK_CLIENT_OPTIONS);
      await client.start();
      await until(() => connected.length === 1);
      client.stop();
      await until(() => disconnected.length === 1);
      await new Promise((r) => setTimeout(r, 1000));
      expect(connects).toHaveLength(1);
      expect(connected).toHaveLength(1);
      expect(disconnected).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('applies a regenerated access key and new hub settings on every node within 2 s', async () => {
    const before = await call(nodes[0], 'GET', '/admin/api/keys');
    const regenerated = await call(nodes[0], 'POST', '/admin/api/keys/regenerate', { body: { keyType: 'primary' } });
    expect(regenerated.status).toBe(200);
    const newKey = regenerated.body.primaryKey as string;
    expect(newKey).not.toBe(before.body.primaryKey);
    const started = Date.now();
    // Every node takes tokens signed with the new key and refuses the old one.
    for (const node of nodes) {
      node.accessKey = newKey;
      let status = 0;
      while (Date.now() - started < 2000 && status !== 202) {
        status = (await call(node, 'POST', '/api/hubs/feeds/:send?api-version=2024-12-01', { body: 'x', headers: { 'Content-Type': 'text/plain' } })).status;
      }
      expect(status).toBe(202);
      const sendUrl = `${node.baseUrl}/api/hubs/feeds/:send?api-version=2024-12-01`;
      const old = await call(node, 'POST', '/api/hubs/feeds/:send?api-version=2024-12-01', {
        body: 'x',
        headers: { 'Content-Type': 'text/plain' },
        token: signFor(sendUrl, before.body.primaryKey),
      });
      expect(old.status).toBe(401);
    }

    // Anonymous connections: denied by default, allowed once the hub says so, on every node at once.
    const anonymous = (node: TestServer) => RawClient.refusal(`ws://localhost:${node.port}/client/hubs/open`, 'json.webpubsub.azure.v1');
    for (const node of nodes) expect(await anonymous(node)).toBe(401);
    const put = await call(nodes[1], 'PUT', '/admin/api/hubs/open', { body: { properties: { anonymousConnectPolicy: 'allow' } } });
    expect(put.status).toBe(201);
    const changedAt = Date.now();
    for (const node of nodes) {
      let refusal: number | null = 401;
      while (refusal !== null && Date.now() - changedAt < 2000) refusal = await anonymous(node);
      expect(refusal).toBeNull();
    }
  });
});
