import mqtt from 'mqtt';
import { serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp } from './event-handler-app';

describe('event handlers for MQTT clients', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  const connects: any[] = [];
  const connected: any[] = [];
  const disconnected: any[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    app = await EventHandlerApp.start({
      hub: 'devices',
      allowedEndpoints: [server.baseUrl],
      handler: {
        handleConnect: (request: any, response) => {
          connects.push(request);
          if (request.mqtt?.username === 'intruder') {
            response.failWith({ mqtt: { code: 0x87, reason: 'intruders stay out' } } as any);
            return;
          }
          if (request.mqtt?.username === 'unpaid') {
            response.fail(401, 'account suspended');
            return;
          }
          response.success({ userId: `device-${request.context.connectionId}`, roles: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] } as any);
        },
        onConnected: (request) => void connected.push(request),
        handleUserEvent: (request: any, response) => {
          if (request.context.eventName === 'broken') return response.fail(500, 'handler broke');
          response.success(`echo: ${Buffer.isBuffer(request.data) ? request.data.toString() : typeof request.data === 'string' ? request.data : JSON.stringify(request.data)}`, 'text');
        },
        onDisconnected: (request) => void disconnected.push(request),
      },
    });
    const answer = await call(server, 'PUT', '/admin/api/hubs/devices', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, userEventPattern: '*', systemEvents: ['connect', 'connected', 'disconnected'] }] } },
    });
    expect(answer.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  async function url(): Promise<string> {
    return (await serviceClient(server, 'devices').getClientAccessToken({ clientProtocol: 'mqtt' })).url;
  }

  it('gives handleConnect the MQTT username, password and user properties, and applies its answer', async () => {
    const client = await mqtt.connectAsync(await url(), {
      protocolVersion: 5,
      clientId: 'sensor1',
      username: 'alice',
      password: Buffer.from('s3cret'),
      reconnectPeriod: 0,
      properties: { userProperties: { site: 'north' } },
    });
    try {
      const request = connects.find((r) => r.context.connectionId === 'sensor1');
      expect(request.context.clientProtocol ?? 'mqtt').toBe('mqtt');
      expect(request.mqtt).toMatchObject({ protocolVersion: 5, username: 'alice', password: Buffer.from('s3cret').toString('base64') });
      expect(request.mqtt.userProperties).toEqual([{ name: 'site', value: 'north' }]);
      await until(() => connected.some((r) => r.context.connectionId === 'sensor1'));
      expect(connected.find((r) => r.context.connectionId === 'sensor1').context.userId).toBe('device-sensor1');

      // The roles the handler gave let the device subscribe and publish.
      const inbox: string[] = [];
      client.on('message', (_topic, payload) => inbox.push(payload.toString()));
      await client.subscribeAsync('granted', { qos: 1 });
      await client.publishAsync('granted', 'allowed', { qos: 1 });
      await until(() => inbox.length === 1);
    } finally {
      await client.endAsync();
    }
    await until(() => disconnected.some((r) => r.context.connectionId === 'sensor1'));
    const left = disconnected.find((r) => r.context.connectionId === 'sensor1');
    expect(left.mqtt).toMatchObject({ initiatedByClient: true, disconnectPacket: { code: 0 } });
  });

  it('turns a handler refusal into the CONNACK code it gave', async () => {
    const client = mqtt.connect(await url(), { protocolVersion: 5, clientId: 'intruder1', username: 'intruder', reconnectPeriod: 0 });
    const error: any = await new Promise((resolve) => client.once('error', resolve));
    client.end(true);
    expect(error.code).toBe(0x87);
    expect(connected.some((r) => r.context.connectionId === 'intruder1')).toBe(false);
  });

  it('honours the MQTT code the express SDK derives from fail(401), on 3.1.1 and 5.0', async () => {
    for (const [version, expected] of [
      [5, 0x87],
      [4, 5],
    ] as const) {
      const client = mqtt.connect(await url(), { protocolVersion: version, clientId: `unpaid${version}`, username: 'unpaid', reconnectPeriod: 0 });
      const error: any = await new Promise((resolve) => client.once('error', resolve));
      client.end(true);
      expect(error.code).toBe(expected);
    }
  });

  it('sends a PUBLISH to $webpubsub/server/events/{event} to the handler and the answer back on /succeeded or /failed', async () => {
    const client = await mqtt.connectAsync(await url(), { protocolVersion: 5, clientId: 'asker', reconnectPeriod: 0 });
    try {
      const answers: Array<{ topic: string; payload: string; properties: any }> = [];
      client.on('message', (topic, payload, packet) => answers.push({ topic, payload: payload.toString(), properties: packet.properties }));
      await client.publishAsync('$webpubsub/server/events/ask', 'hello', {
        qos: 1,
        properties: { contentType: 'text/plain', correlationData: Buffer.from('c1'), userProperties: { trace: 't1' } },
      });
      await client.publishAsync('$webpubsub/server/events/broken', 'x', { qos: 1 });
      await until(() => answers.length === 2);
      expect(answers[0]).toMatchObject({ topic: '$webpubsub/server/events/ask/succeeded', payload: 'echo: hello' });
      expect(answers[0].properties.userProperties).toMatchObject({ 'azure-status-code': '200' });
      expect(Buffer.from(answers[0].properties.correlationData).toString()).toBe('c1');
      expect(answers[1]).toMatchObject({ topic: '$webpubsub/server/events/broken/failed' });
      expect(answers[1].properties.userProperties).toMatchObject({ 'azure-status-code': '500' });
      const asked = app.events.find((event) => event.headers['ce-eventname'] === 'ask');
      expect(asked?.headers).toMatchObject({ 'ce-type': 'azure.webpubsub.user.ask', 'ce-subprotocol': 'mqtt', 'mqtt-trace': 't1' });
      expect(asked?.headers['ce-physicalconnectionid']).toEqual(expect.any(String));
    } finally {
      await client.endAsync();
    }
  });

  it('reports a session that ended without DISCONNECT as not initiated by the client', async () => {
    const client = await mqtt.connectAsync(await url(), { protocolVersion: 5, clientId: 'dropper', reconnectPeriod: 0 });
    (client.stream as any).socket?._socket?.destroy?.() ?? client.stream.destroy();
    await until(() => disconnected.some((r) => r.context.connectionId === 'dropper'));
    client.end(true);
    expect(disconnected.find((r) => r.context.connectionId === 'dropper').mqtt).toMatchObject({ initiatedByClient: false });
  });
});
