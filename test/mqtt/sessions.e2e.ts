import mqtt, { type MqttClient } from 'mqtt';
import { generate, parser as mqttParser, type Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import jwt from 'jsonwebtoken';
import { RawClient, serviceClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/** Cuts the TCP connection under an MQTT.js client: no DISCONNECT, as a network loss. */
function cutNetwork(client: MqttClient): void {
  (client.stream as any).socket?._socket?.destroy?.() ?? client.stream.destroy();
}

describe('MQTT sessions', () => {
  let server: TestServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '30' } });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.end(true);
  });

  afterAll(() => server?.stop());

  async function connect(clientId: string, version: 4 | 5, extra: Record<string, unknown> = {}) {
    const client = await mqttConnect(server, 'sessions', { clientId, version, userId: clientId, roles: allRoles, ...extra });
    clients.push(client);
    return client;
  }

  describe.each([4, 5] as const)('will messages, protocol %d', (version) => {
    it('publishes the will when the network connection is lost', async () => {
      const watcher = await connect(`watcher${version}`, version);
      const inbox = mqttInbox(watcher);
      await watcher.subscribeAsync(`status${version}`, { qos: 1 });
      const device = await connect(`mortal${version}`, version, { will: { topic: `status${version}`, payload: Buffer.from('offline'), qos: 1, retain: false } });
      cutNetwork(device);
      await until(() => inbox.length === 1);
      expect(inbox[0]).toMatchObject({ topic: `status${version}`, payload: 'offline' });
    });

    it('does not publish the will after a normal DISCONNECT', async () => {
      const watcher = await connect(`calm${version}`, version);
      const inbox = mqttInbox(watcher);
      await watcher.subscribeAsync(`calm${version}`, { qos: 1 });
      const device = await connect(`polite${version}`, version, { will: { topic: `calm${version}`, payload: Buffer.from('gone'), qos: 1, retain: false } });
      await device.endAsync();
      await new Promise((r) => setTimeout(r, 300));
      expect(inbox).toHaveLength(0);
    });
  });

  it('takes over: a second CONNECT with the same client id disconnects the first (v5 0x8E)', async () => {
    const first = await connect('twin', 5);
    const disconnected = new Promise<any>((resolve) => first.once('disconnect', resolve));
    await connect('twin', 5);
    expect((await disconnected).reasonCode).toBe(0x8e);
  });

  it('keeps a persistent session while the client is away and hands it the QoS 1 messages it missed', async () => {
    const options = { clean: false, properties: { sessionExpiryInterval: 30 } };
    const device = await connect('persistent', 5, options);
    await device.subscribeAsync('queued', { qos: 1 });
    cutNetwork(device);
    await new Promise((r) => setTimeout(r, 100));
    const service = serviceClient(server, 'sessions');
    expect(await service.connectionExists('persistent')).toBe(true);
    await service.group('queued').sendToAll('while away 1', { contentType: 'text/plain' });
    await service.group('queued').sendToAll('while away 2', { contentType: 'text/plain' });

    const { url } = await service.getClientAccessToken({ userId: 'persistent', roles: allRoles, clientProtocol: 'mqtt' });
    const back = mqtt.connect(url, { protocolVersion: 5, clientId: 'persistent', reconnectPeriod: 0, ...options });
    clients.push(back);
    const inbox = mqttInbox(back);
    const connack: any = await new Promise((resolve, reject) => {
      back.once('connect', resolve);
      back.once('error', reject);
    });
    expect(connack.sessionPresent).toBe(true);
    await until(() => inbox.length === 2);
    expect(inbox.map((m) => m.payload)).toEqual(['while away 1', 'while away 2']);
  });

  it('ends a clean session with its network connection', async () => {
    const device = await connect('ephemeral', 4);
    await device.subscribeAsync('gone', { qos: 1 });
    cutNetwork(device);
    const service = serviceClient(server, 'sessions');
    await new Promise((r) => setTimeout(r, 200));
    expect(await service.connectionExists('ephemeral')).toBe(false);
    expect(await service.groupExists('gone')).toBe(false);
  });

  it('closes a v5 client that stays silent past 1.5 x its keep alive with DISCONNECT 0x8D', async () => {
    const { url } = await serviceClient(server, 'sessions').getClientAccessToken({ clientProtocol: 'mqtt' });
    const ws = new WebSocket(url, 'mqtt');
    const packets: Packet[] = [];
    const parser = mqttParser({ protocolVersion: 5 });
    parser.on('packet', (packet: Packet) => packets.push(packet));
    ws.on('message', (data: Buffer) => parser.parse(data));
    await new Promise((resolve) => ws.once('open', resolve));
    const started = Date.now();
    ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'silent', clean: true, keepalive: 1 } as Packet, { protocolVersion: 5 }));
    await new Promise((resolve) => ws.once('close', resolve));
    expect(packets.map((p) => p.cmd)).toEqual(['connack', 'disconnect']);
    expect((packets[1] as any).reasonCode).toBe(0x8d);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  // A QoS 1 PUBLISH is framed once per message with a packet id of its own, which every session
  // that has it free sends as it is. 65,536 messages later the frame ids have been round all
  // 65,535 values, so one of them is the id this subscriber still holds: it must get another.
  it('gives a QoS 1 subscriber a packet id of its own when the shared one is still in flight with it', async () => {
    const { url } = await serviceClient(server, 'sessions').getClientAccessToken({ userId: 'holder', roles: allRoles, clientProtocol: 'mqtt' });
    const holder = new WebSocket(url, 'mqtt');
    const publishes: Array<{ messageId: number; payload: string }> = [];
    const parser = mqttParser({ protocolVersion: 4 });
    let subscribed!: () => void;
    const suback = new Promise<void>((resolve) => (subscribed = resolve));
    parser.on('packet', (packet: any) => {
      if (packet.cmd === 'connack') holder.send(generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'ids', qos: 1 }] } as Packet));
      if (packet.cmd === 'suback') subscribed();
      if (packet.cmd !== 'publish') return;
      publishes.push({ messageId: packet.messageId, payload: packet.payload.toString() });
      // The first is held unacknowledged; every later one is acknowledged at once.
      if (publishes.length > 1) holder.send(generate({ cmd: 'puback', messageId: packet.messageId } as Packet));
    });
    holder.on('message', (data: Buffer) => parser.parse(data));
    await new Promise((resolve) => holder.once('open', resolve));
    holder.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'holder', clean: true, keepalive: 60 } as Packet));
    await suback;

    const publisher = await connect('idpublisher', 4);
    const total = 65_537;
    for (let sent = 0; sent < total; ) {
      // In batches: a session holds at most 1,000 unacknowledged messages before it is cut.
      const batch: Promise<unknown>[] = [];
      for (const end = Math.min(total, sent + 200); sent < end; sent++) batch.push(publisher.publishAsync('ids', String(sent), { qos: 1 }));
      await Promise.all(batch);
    }
    await until(() => publishes.length === total, 60_000);
    holder.close();

    expect(publishes.map((p) => p.payload)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    const held = publishes[0].messageId;
    expect(publishes.slice(1).filter((p) => p.messageId === held)).toEqual([]);
    // The frames' ids went all the way round: the held one's turn came, and another was used.
    expect(new Set(publishes.slice(1).map((p) => p.messageId)).size).toBe(65_534);
  }, 120_000);

  it('closes a connection that sends text frames', async () => {
    const { url } = await serviceClient(server, 'sessions').getClientAccessToken({ clientProtocol: 'mqtt' });
    const ws = new WebSocket(url, 'mqtt');
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('not mqtt');
    await new Promise((resolve) => ws.once('close', resolve));
  });

  it('refuses the upgrade without a valid token: 401 before any WebSocket, and MQTT.js never connects', async () => {
    const base = `ws://localhost:${server.port}/clients/mqtt/hubs/sessions`;
    const wrongKey = jwt.sign({}, 'not-the-key-0123456789', { audience: `http://localhost:${server.port}/clients/mqtt/hubs/sessions`, expiresIn: 60 });
    const otherHub = jwt.sign({}, server.accessKey, { audience: `http://localhost:${server.port}/clients/mqtt/hubs/elsewhere`, expiresIn: 60 });
    expect(await RawClient.refusal(base, 'mqtt')).toBe(401);
    expect(await RawClient.refusal(`${base}?access_token=${wrongKey}`, 'mqtt')).toBe(401);
    expect(await RawClient.refusal(`${base}?access_token=${otherHub}`, 'mqtt')).toBe(401);
    expect(await RawClient.refusal(`ws://localhost:${server.port}/clients/mqtt/hubs/1bad`, 'mqtt')).toBe(400);

    const device = mqtt.connect(base, { protocolVersion: 5, clientId: 'anon', reconnectPeriod: 0 });
    let connected = false;
    device.on('connect', () => (connected = true));
    await new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.end(true);
    expect(connected).toBe(false);
  });
});
