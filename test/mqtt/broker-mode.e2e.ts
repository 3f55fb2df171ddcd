import { WebPubSubClient } from '@azure/web-pubsub-client';
import mqtt, { type MqttClient } from 'mqtt';
import { generate, parser as mqttParser, type Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import { clientUrl, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until, untilAsync } from '../harness/until';
import { SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

const ALL = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];
const BROKER = { wildcardSubscriptions: true, sharedSubscriptions: true, retainedMessages: true, topicAliasMaximum: 10, maxSessionExpirySeconds: 3600 };
const AZURE = { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0, maxSessionExpirySeconds: 30 };

/**
 * MQTT broker mode (issue "MQTT beyond Azure"): a hub switches on what Azure refuses. MQTT.js
 * clients of both protocol versions, native and REST senders, one real server.
 */
describe('MQTT broker mode', () => {
  let server: TestServer;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { MQTT_RETAINED_MESSAGES_PER_HUB: '20' } });
    expect((await call(server, 'PUT', '/admin/api/hubs/broker', { body: { properties: { mqtt: BROKER } } })).status).toBe(201);
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.end(true);
  });

  afterAll(() => server?.stop());

  async function device(clientId: string, version: 4 | 5, options: { hub?: string; roles?: string[] } & Record<string, unknown> = {}): Promise<MqttClient> {
    const { hub = 'broker', roles = ALL, ...rest } = options;
    const client = await mqttConnect(server, hub, { clientId, version, roles, ...rest });
    clients.push(client);
    return client;
  }

  /** An MQTT client on a plain socket, for packets MQTT.js would not send. */
  async function rawMqtt(version: 4 | 5, clientId: string, hub = 'broker', connect: Record<string, unknown> = {}): Promise<{ ws: WebSocket; packets: Packet[]; send(packet: Packet): void }> {
    const { url } = await serviceClient(server, hub).getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
    const ws = new WebSocket(url, 'mqtt');
    const packets: Packet[] = [];
    const parser = mqttParser({ protocolVersion: version });
    parser.on('packet', (packet: Packet) => packets.push(packet));
    ws.on('message', (data: Buffer) => parser.parse(data));
    await new Promise((resolve) => ws.once('open', resolve));
    const send = (packet: Packet) => ws.send(generate(packet, { protocolVersion: version }));
    send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clientId, clean: true, keepalive: 30, ...connect } as Packet);
    await until(() => packets.some((packet) => packet.cmd === 'connack'));
    return { ws, packets, send };
  }

  describe('hub settings', () => {
    it('answers the MQTT settings under properties.mqtt, with Azure defaults for a hub without them', async () => {
      expect((await call(server, 'GET', '/admin/api/hubs/broker')).body.properties.mqtt).toEqual(BROKER);
      expect((await call(server, 'GET', '/admin/api/hubs/plain')).body.properties.mqtt).toEqual(AZURE);
      const partial = await call(server, 'PUT', '/admin/api/hubs/partialmqtt', { body: { properties: { mqtt: { wildcardSubscriptions: true } } } });
      expect(partial.body.properties.mqtt).toEqual({ ...AZURE, wildcardSubscriptions: true });
    });

    it.each([
      [{ topicAliasMaximum: 70000 }, 'topicAliasMaximum'],
      [{ topicAliasMaximum: -1 }, 'topicAliasMaximum'],
      [{ maxSessionExpirySeconds: 604801 }, 'maxSessionExpirySeconds'],
      [{ wildcardSubscriptions: 'yes' }, 'wildcardSubscriptions'],
    ])('refuses %j with 400 naming the field, and changes nothing', async (mqtt, field) => {
      const answer = await call(server, 'PUT', '/admin/api/hubs/broker', { body: { properties: { mqtt } } });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(field);
      expect((await call(server, 'GET', '/admin/api/hubs/broker')).body.properties.mqtt).toEqual(BROKER);
    });
  });

  describe('CONNACK', () => {
    it('advertises what the hub enables, and nothing on a hub without settings', async () => {
      const connack = async (hub: string, clientId: string): Promise<Record<string, unknown>> => {
        const { url } = await serviceClient(server, hub).getClientAccessToken({ roles: ALL, clientProtocol: 'mqtt' });
        const client = mqtt.connect(url, { protocolVersion: 5, clientId, reconnectPeriod: 0 });
        clients.push(client);
        return new Promise((resolve, reject) => {
          client.once('connect', (packet) => resolve((packet.properties ?? {}) as Record<string, unknown>));
          client.once('error', reject);
        });
      };
      expect(await connack('broker', 'advertised')).toMatchObject({ wildcardSubscriptionAvailable: true, sharedSubscriptionAvailable: true, retainAvailable: true, topicAliasMaximum: 10 });
      const azure = await connack('plain', 'azurelike');
      expect(azure).toMatchObject({ wildcardSubscriptionAvailable: false, sharedSubscriptionAvailable: false, retainAvailable: false });
      expect(azure.topicAliasMaximum).toBeUndefined();
    });
  });

  describe.each([4, 5] as const)('wildcard subscriptions, protocol %d', (version) => {
    it('delivers what MQTT, native and REST senders publish to matching topics, once each', async () => {
      const watcher = await device(`watch${version}`, version);
      const inbox = mqttInbox(watcher);
      await watcher.subscribeAsync([`sensors${version}/+/temp`, `sensors${version}/#`], { qos: 1 });
      const sender = await device(`send${version}`, version);
      await sender.publishAsync(`sensors${version}/kitchen/temp`, 'from mqtt', { qos: 1 });
      await sender.publishAsync(`sensors${version}/kitchen/humidity`, 'only #', { qos: 1 });
      await sender.publishAsync(`elsewhere${version}/kitchen/temp`, 'no match', { qos: 1 });
      await serviceClient(server, 'broker').group(`sensors${version}/hall/temp`).sendToAll('from rest', { contentType: 'text/plain' });
      const native = new WebPubSubClient(await clientUrl(server, 'broker', { userId: 'native', roles: ALL }), SDK_CLIENT_OPTIONS);
      await native.start();
      await native.sendToGroup(`sensors${version}/porch/temp`, 'from native', 'text');
      native.stop();

      await until(() => inbox.length >= 4);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(inbox.map(({ topic, payload }) => [topic, payload])).toEqual([
        [`sensors${version}/kitchen/temp`, 'from mqtt'],
        [`sensors${version}/kitchen/humidity`, 'only #'],
        [`sensors${version}/hall/temp`, 'from rest'],
        [`sensors${version}/porch/temp`, 'from native'],
      ]);
    });

    it('refuses a wildcard without joinLeaveGroup, or with a role that does not cover it', async () => {
      const narrow = await device(`narrow${version}`, version, { roles: ['webpubsub.joinLeaveGroup.sensors/a/temp', 'webpubsub.joinLeaveGroups.rooms/**'] });
      const refused = version === 5 ? 0x87 : 0x80;
      await expect(narrow.subscribeAsync(['sensors/+/temp', 'rooms/#', 'rooms/+/chat', 'room/+'], { qos: 1 })).rejects.toMatchObject({ packet: { granted: [refused, 1, 1, refused] } });
    });

    it('refuses malformed filters with Topic Filter invalid', async () => {
      // MQTT.js checks filters itself, so these go out from a plain socket.
      const raw = await rawMqtt(version, `malformed${version}`);
      raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a/#/b', qos: 0 }, { topic: 'a+/b', qos: 0 }, { topic: 'a/+/b', qos: 0 }] } as Packet);
      await until(() => raw.packets.some((packet) => packet.cmd === 'suback'));
      expect((raw.packets.find((packet) => packet.cmd === 'suback') as unknown as { granted: number[] }).granted).toEqual(version === 5 ? [0x8f, 0x8f, 0] : [0x80, 0x80, 0]);
      raw.ws.close();
    });
  });

  it('delivers a topic matched by several subscriptions once, at the highest QoS, with every subscription identifier (v5)', async () => {
    const watcher = await device('overlap', 5);
    const received: Array<{ qos: number; ids: unknown }> = [];
    watcher.on('message', (_topic, _payload, packet) => received.push({ qos: packet.qos, ids: packet.properties?.subscriptionIdentifier }));
    await watcher.subscribeAsync('home/+/light', { qos: 0, properties: { subscriptionIdentifier: 7 } });
    await watcher.subscribeAsync('home/#', { qos: 1, properties: { subscriptionIdentifier: 9 } });
    const sender = await device('overlapsender', 5);
    await sender.publishAsync('home/hall/light', 'on', { qos: 2 });
    await until(() => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(1);
    expect(received[0].qos).toBe(1);
    expect([...(received[0].ids as number[])].sort()).toEqual([7, 9]);
  });

  it('refuses wildcard and shared subscriptions on a hub without settings, exactly as Azure does', async () => {
    const client = await device('strict', 5, { hub: 'plain' });
    await expect(client.subscribeAsync(['a/+', '$share/g/a'], { qos: 0 })).rejects.toMatchObject({ packet: { granted: [0xa2, 0x9e] } });
  });

  describe.each([4, 5] as const)('shared subscriptions, protocol %d', (version) => {
    it('gives each of 20 messages to exactly one member of the share, round-robin', async () => {
      const members = [await device(`worker${version}a`, version), await device(`worker${version}b`, version)];
      const inboxes = members.map(mqttInbox);
      for (const member of members) await member.subscribeAsync(`$share/workers/jobs${version}/+`, { qos: 1 });
      const plain = await device(`plainsub${version}`, version);
      const everything = mqttInbox(plain);
      await plain.subscribeAsync(`jobs${version}/+`, { qos: 1 });
      const sender = await device(`jobsender${version}`, version);
      for (let i = 0; i < 20; i++) await sender.publishAsync(`jobs${version}/${i % 3}`, String(i), { qos: 1 });

      await until(() => inboxes[0].length + inboxes[1].length >= 20 && everything.length >= 20);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const got = [...inboxes[0], ...inboxes[1]].map((message) => Number(message.payload)).sort((a, b) => a - b);
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(inboxes[0].length).toBe(10);
      expect(everything).toHaveLength(20);
    });

    it('passes over a member that is gone: the others get everything', async () => {
      const stay = await device(`stay${version}`, version);
      const leave = await device(`leave${version}`, version);
      const inbox = mqttInbox(stay);
      await stay.subscribeAsync(`$share/pool/work${version}`, { qos: 1 });
      await leave.subscribeAsync(`$share/pool/work${version}`, { qos: 1 });
      await leave.endAsync();
      const sender = await device(`worksender${version}`, version);
      for (let i = 0; i < 6; i++) await sender.publishAsync(`work${version}`, String(i), { qos: 1 });
      await until(() => inbox.length >= 6);
      expect(inbox.map((message) => message.payload)).toEqual(['0', '1', '2', '3', '4', '5']);
    });
  });

  describe('retained messages', () => {
    /** Messages with their retain flag, in order. */
    function retainedInbox(client: MqttClient): Array<{ topic: string; payload: string; retain: boolean; qos: number }> {
      const messages: Array<{ topic: string; payload: string; retain: boolean; qos: number }> = [];
      client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString(), retain: packet.retain, qos: packet.qos }));
      return messages;
    }

    it.each([4, 5] as const)('keeps the last retained message of each topic for later subscribers, wildcards included (protocol %d)', async (version) => {
      const publisher = await device(`keeper${version}`, version);
      await publisher.publishAsync(`status${version}/boiler`, 'old', { qos: 1, retain: true });
      await publisher.publishAsync(`status${version}/boiler`, 'on', { qos: 1, retain: true });
      await publisher.publishAsync(`status${version}/pump`, 'off', { qos: 0, retain: true });
      await publisher.publishAsync(`status${version}/fan`, 'not kept', { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));

      const late = await device(`late${version}`, version);
      const inbox = retainedInbox(late);
      await late.subscribeAsync(`status${version}/+`, { qos: 1 });
      await until(() => inbox.length >= 2);
      expect(inbox.sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
        { topic: `status${version}/boiler`, payload: 'on', retain: true, qos: 1 },
        { topic: `status${version}/pump`, payload: 'off', retain: true, qos: 0 },
      ]);

      // An empty retained payload deletes; it is still delivered live.
      await publisher.publishAsync(`status${version}/pump`, '', { qos: 1, retain: true });
      await until(() => inbox.length === 3);
      const later = await device(`later${version}`, version);
      const second = retainedInbox(later);
      await later.subscribeAsync(`status${version}/#`, { qos: 1 });
      await until(() => second.length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(second.map((message) => message.topic)).toEqual([`status${version}/boiler`]);
    });

    it.each([4, 5] as const)('keeps a will published with the retain flag as the topic\'s retained message (protocol %d)', async (version) => {
      const doomed = await device(`doomed${version}`, version, { will: { topic: `lastwill/${version}`, payload: Buffer.from('gone'), qos: 1, retain: true } });
      // The network goes without a DISCONNECT: the will is published.
      const stream = doomed.stream as unknown as { socket?: { _socket?: { destroy(): void } }; destroy(): void };
      if (stream.socket?._socket) stream.socket._socket.destroy();
      else stream.destroy();
      let retained: Array<{ topic: string; payload: string; retain: boolean; qos: number }> = [];
      await untilAsync(async () => {
        const late = await device(`willwatch${version}${Date.now()}`, version);
        retained = retainedInbox(late);
        await late.subscribeAsync(`lastwill/${version}`, { qos: 1 });
        await new Promise((resolve) => setTimeout(resolve, 200));
        late.end(true);
        // A watcher that subscribed just before the will went out gets it live (retain 0): look again.
        return retained.some((message) => message.retain);
      });
      expect(retained.find((message) => message.retain)).toMatchObject({ topic: `lastwill/${version}`, payload: 'gone', retain: true });
    });

    it('honours Retain Handling and Retain As Published (v5)', async () => {
      const publisher = await device('rhpublisher', 5);
      await publisher.publishAsync('rh/topic', 'kept', { qos: 1, retain: true });
      const client = await device('rhclient', 5);
      const inbox = retainedInbox(client);
      await client.subscribeAsync('rh/topic', { qos: 1, rh: 2 });
      await client.subscribeAsync('rh/+', { qos: 1, rh: 1 });
      await until(() => inbox.length === 1);
      await client.subscribeAsync('rh/+', { qos: 1, rh: 1 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(inbox).toHaveLength(1);

      const watcher = await device('rapwatcher', 5);
      const live = retainedInbox(watcher);
      await watcher.subscribeAsync('rap/as', { qos: 1, rap: true, rh: 2 });
      await watcher.subscribeAsync('rap/not', { qos: 1, rh: 2 });
      await publisher.publishAsync('rap/as', 'x', { qos: 1, retain: true });
      await publisher.publishAsync('rap/not', 'y', { qos: 1, retain: true });
      await until(() => live.length === 2);
      expect(live.map(({ topic, retain }) => [topic, retain])).toEqual([
        ['rap/as', true],
        ['rap/not', false],
      ]);
    });

    it('refuses a retained message past the hub limit: PUBACK 0x97 on v5, delivered but not kept on 3.1.1', async () => {
      await call(server, 'PUT', '/admin/api/hubs/capped', { body: { properties: { mqtt: { retainedMessages: true } } } });
      const v5 = await device('capped5', 5, { hub: 'capped' });
      for (let i = 0; i < 20; i++) await v5.publishAsync(`cap/${i}`, 'x', { qos: 1, retain: true });
      await expect(v5.publishAsync('cap/over', 'x', { qos: 1, retain: true })).rejects.toMatchObject({ code: 0x97 });
      // Replacing a kept topic is no new message.
      await v5.publishAsync('cap/0', 'replaced', { qos: 1, retain: true });
      const v4 = await device('capped4', 4, { hub: 'capped' });
      const watcher = await device('cappedwatch', 5, { hub: 'capped' });
      const inbox = retainedInbox(watcher);
      await watcher.subscribeAsync('live/over', { qos: 1 });
      await v4.publishAsync('live/over', 'still delivered', { qos: 1, retain: true });
      await until(() => inbox.length === 1);
      expect((await call(server, 'GET', '/admin/api/hubs/capped/retained')).body.total).toBe(20);
    });

    it('answers a burst of retained publishes in flight in order, the limit counted publish by publish', async () => {
      await call(server, 'PUT', '/admin/api/hubs/burst', { body: { properties: { mqtt: { retainedMessages: true, wildcardSubscriptions: true } } } });
      const { ws, packets, send } = await rawMqtt(5, 'burster', 'burst');
      try {
        // All written at once, none waiting for its PUBACK: the hub keeps at most 20 (this server's limit).
        const publish = (messageId: number, topic: string, payload: string, retain: boolean) =>
          send({ cmd: 'publish', messageId, topic, payload: Buffer.from(payload), qos: 1, retain, dup: false } as Packet);
        for (let i = 0; i < 25; i++) publish(i + 1, `burst/${i}`, `v${i}`, true);
        publish(26, 'burst/0', '', true); // deletes burst/0: room for one more
        publish(27, 'burst/25', 'v25', true);
        publish(28, 'burst/live', 'not kept', false);
        send({ cmd: 'subscribe', messageId: 29, subscriptions: [{ topic: 'burst/#', qos: 1 }] } as Packet);
        // On Redis the burst's own sends may reach the new subscription live, after its SUBACK: only retained copies count here.
        const retainedCopies = () => packets.filter((packet) => packet.cmd === 'publish' && packet.retain) as Array<Packet & { topic: string }>;
        await until(() => retainedCopies().length === 20, 15_000);

        const answers = packets.filter((packet) => packet.cmd === 'puback' || packet.cmd === 'suback') as Array<Packet & { messageId: number; reasonCode?: number }>;
        expect(answers.map((packet) => packet.messageId)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
        const refused = answers.filter((packet) => packet.cmd === 'puback' && (packet.reasonCode ?? 0) === 0x97).map((packet) => packet.messageId);
        expect(refused).toEqual([21, 22, 23, 24, 25]);
        const retained = retainedCopies().map((packet) => packet.topic);
        expect(retained.sort()).toEqual([...Array.from({ length: 19 }, (_, i) => `burst/${i + 1}`), 'burst/25'].sort());
      } finally {
        ws.terminate();
      }
    });

    it('lists and deletes retained messages through the admin API', async () => {
      const publisher = await device('listed', 5);
      await publisher.publishAsync('admin/one', 'first payload', { qos: 1, retain: true });
      await publisher.publishAsync('admin/two', 'second', { qos: 1, retain: true });
      const listed = await call(server, 'GET', '/admin/api/hubs/broker/retained?search=admin/');
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ total: 2, value: [{ topic: 'admin/one', qos: 1, size: 13, preview: 'first payload' }, { topic: 'admin/two' }] });
      expect((await call(server, 'DELETE', `/admin/api/hubs/broker/retained?topic=${encodeURIComponent('admin/one')}`)).status).toBe(204);
      expect((await call(server, 'DELETE', `/admin/api/hubs/broker/retained?topic=${encodeURIComponent('admin/one')}`)).status).toBe(404);
      expect((await call(server, 'GET', '/admin/api/hubs/broker/retained?search=admin/')).body.total).toBe(1);
      expect((await call(server, 'GET', '/admin/api/hubs/broker/retained?limit=0')).status).toBe(400);
    });
  });

  describe('topic aliases (v5)', () => {
    it('resolves the aliases a client sets, up to the hub maximum, and disconnects past it with 0x94', async () => {
      const watcher = await device('aliaswatch', 5);
      const inbox = mqttInbox(watcher);
      await watcher.subscribeAsync('alias/room', { qos: 1 });
      const sender = await device('aliassender', 5);
      await sender.publishAsync('alias/room', 'first', { qos: 1, properties: { topicAlias: 3 } });
      await sender.publishAsync('', 'second', { qos: 1, properties: { topicAlias: 3 } });
      await until(() => inbox.length === 2);
      expect(inbox.map(({ topic, payload }) => [topic, payload])).toEqual([
        ['alias/room', 'first'],
        ['alias/room', 'second'],
      ]);

      // MQTT.js keeps to the advertised maximum itself, so the one past it goes out from a plain socket.
      const raw = await rawMqtt(5, 'aliaspastmax');
      raw.send({ cmd: 'publish', topic: 'alias/room', payload: Buffer.from('too far'), qos: 0, retain: false, dup: false, properties: { topicAlias: 11 } } as Packet);
      await until(() => raw.packets.some((packet) => packet.cmd === 'disconnect'));
      expect(raw.packets.find((packet) => packet.cmd === 'disconnect')).toMatchObject({ reasonCode: 0x94 });
      // An alias read before it was set on this connection is a protocol error.
      const unset = await rawMqtt(5, 'aliasunset');
      unset.send({ cmd: 'publish', topic: '', payload: Buffer.from('never set'), qos: 0, retain: false, dup: false, properties: { topicAlias: 5 } } as Packet);
      await until(() => unset.packets.some((packet) => packet.cmd === 'disconnect'));
      expect(unset.packets.find((packet) => packet.cmd === 'disconnect')).toMatchObject({ reasonCode: 0x82 });
    });

    it('uses aliases for QoS 1 written at once, and resends without them on the next connection', async () => {
      const connect = { clean: false, properties: { topicAliasMaximum: 4, sessionExpiryInterval: 300 } };
      const first = await rawMqtt(5, 'aliasqos1', 'broker', connect);
      first.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'aliased/q1', qos: 1 }] } as Packet);
      await until(() => first.packets.some((packet) => packet.cmd === 'suback'));
      const rest = serviceClient(server, 'broker').group('aliased/q1');
      for (const text of ['one', 'two', 'three']) await rest.sendToAll(text, { contentType: 'text/plain' });
      type Publish = Packet & { topic: string; payload: Buffer; dup: boolean; messageId: number; properties?: { topicAlias?: number } };
      const publishes = (packets: Packet[]) => packets.filter((packet) => packet.cmd === 'publish') as Publish[];
      await until(() => publishes(first.packets).length === 3);
      // None acknowledged: all three stay in flight.
      expect(publishes(first.packets).map((p) => [p.topic, p.properties?.topicAlias, p.payload.toString()])).toEqual([
        ['aliased/q1', 1, 'one'],
        ['', 1, 'two'],
        ['', 1, 'three'],
      ]);
      first.ws.terminate();

      const second = await rawMqtt(5, 'aliasqos1', 'broker', connect);
      await until(() => publishes(second.packets).length === 3);
      expect(publishes(second.packets).map((p) => [p.topic, p.properties?.topicAlias, p.dup, p.payload.toString()])).toEqual([
        ['aliased/q1', undefined, true, 'one'],
        ['aliased/q1', undefined, true, 'two'],
        ['aliased/q1', undefined, true, 'three'],
      ]);
      for (const publish of publishes(second.packets)) second.send({ cmd: 'puback', messageId: publish.messageId } as Packet);
      // On the new connection aliases start again from the topic.
      await rest.sendToAll('four', { contentType: 'text/plain' });
      await until(() => publishes(second.packets).length === 4);
      expect(publishes(second.packets)[3]).toMatchObject({ topic: 'aliased/q1', properties: { topicAlias: 1 } });
      second.send({ cmd: 'disconnect', properties: { sessionExpiryInterval: 0 } } as Packet);
      second.ws.close();
    });

    it('uses aliases towards a client that allows them, for QoS 0', async () => {
      const client = await device('aliasreceiver', 5, { properties: { topicAliasMaximum: 4 } });
      const received: Array<{ topic: string; alias: unknown }> = [];
      client.on('message', (topic, _payload, packet) => received.push({ topic, alias: packet.properties?.topicAlias }));
      await client.subscribeAsync('aliased/out', { qos: 0 });
      const rest = serviceClient(server, 'broker').group('aliased/out');
      await rest.sendToAll('one', { contentType: 'text/plain' });
      await rest.sendToAll('two', { contentType: 'text/plain' });
      await until(() => received.length === 2);
      expect(received).toEqual([
        { topic: 'aliased/out', alias: 1 },
        { topic: 'aliased/out', alias: 1 },
      ]);
    });
  });
});
