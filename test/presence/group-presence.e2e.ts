import type { GroupJoinedRequest, GroupLeftRequest } from '@azure/web-pubsub-express';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { clientUrl, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { mqttConnect } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp, SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

/**
 * `onGroupJoined` / `onGroupLeft` of the real @azure/web-pubsub-express, fed by Switchboard's
 * presence events (client-protocols-2026.md §3) for joins and leaves from every source.
 */
describe('group presence events', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  const events: string[] = [];
  const started: Array<{ stop(): void }> = [];

  beforeAll(async () => {
    server = await TestServer.start();
    app = await EventHandlerApp.start({
      hub: 'presence',
      allowedEndpoints: [server.baseUrl],
      handler: {
        onConnected: (request) => void events.push(`${request.context.userId} connected`),
        onDisconnected: (request) => void events.push(`${request.context.userId} disconnected`),
        onGroupJoined: (request: GroupJoinedRequest) => void events.push(`${request.context.userId} joined ${request.group}`),
        onGroupLeft: (request: GroupLeftRequest) => void events.push(`${request.context.userId} left ${request.group}`),
      },
    });
  });

  afterEach(() => {
    for (const client of started.splice(0)) client.stop();
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  async function configure(groupPresenceEvents: unknown) {
    const put = await call(server, 'PUT', '/admin/api/hubs/presence', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, systemEvents: ['connected', 'disconnected'], groupPresenceEvents }] } },
    });
    expect(put.status).toBeLessThan(300);
    expect(put.body.properties.eventHandlers[0].groupPresenceEvents).toEqual(groupPresenceEvents);
  }

  async function client(userId: string, groups: string[] = []) {
    const sdk = new WebPubSubClient(await clientUrl(server, 'presence', { userId, groups, roles: ['webpubsub.joinLeaveGroup'] }), SDK_CLIENT_OPTIONS);
    started.push(sdk);
    await sdk.start();
    return sdk;
  }

  const of = (userId: string) => events.filter((event) => event.startsWith(`${userId} `));

  it('tells joins and leaves from client frames, the token and the disconnect, in order', async () => {
    await configure({ eventNames: ['joined', 'left'] });
    const alice = await client('alice', ['from-token']);
    await alice.joinGroup('lobby');
    await alice.joinGroup('lobby');
    await alice.leaveGroup('lobby');
    alice.stop();
    await until(() => of('alice').includes('alice disconnected'));
    expect(of('alice')).toEqual(['alice connected', 'alice joined from-token', 'alice joined lobby', 'alice left lobby', 'alice left from-token', 'alice disconnected']);
  });

  it('tells joins and leaves made through REST and by MQTT SUBSCRIBE', async () => {
    const service = serviceClient(server, 'presence');
    await client('bob');
    await service.group('vip').addUser('bob');
    await service.group('vip').removeUser('bob');
    const device = await mqttConnect(server, 'presence', { clientId: 'sensor1', version: 5, userId: 'carol', roles: ['webpubsub.joinLeaveGroup'] });
    started.push({ stop: () => device.end(true) });
    await device.subscribeAsync('readings');
    await device.unsubscribeAsync('readings');
    await until(() => of('bob').includes('bob left vip') && of('carol').includes('carol left readings'));
    expect(of('bob')).toEqual(['bob connected', 'bob joined vip', 'bob left vip']);
    expect(of('carol')).toEqual(['carol connected', 'carol joined readings', 'carol left readings']);
  });

  it('honours the event names and group filters, and sends none when switched off', async () => {
    await configure({ eventNames: ['joined'], groupFilters: ['room-*', 'hall'] });
    const dave = await client('dave');
    for (const group of ['room-1', 'hall', 'kitchen']) await dave.joinGroup(group);
    await dave.leaveGroup('room-1');
    await dave.joinGroup('room-2');
    await until(() => of('dave').includes('dave joined room-2'));
    expect(of('dave')).toEqual(['dave connected', 'dave joined room-1', 'dave joined hall', 'dave joined room-2']);

    await configure(null);
    const erin = await client('erin');
    await erin.joinGroup('room-9');
    await erin.leaveGroup('room-9');
    erin.stop();
    await until(() => of('erin').includes('erin disconnected'));
    expect(of('erin')).toEqual(['erin connected', 'erin disconnected']);
  });

  it('refuses bad presence settings with 400 naming the field, and keeps the stored ones', async () => {
    await configure({ eventNames: ['joined', 'left'] });
    const bad = await call(server, 'PUT', '/admin/api/hubs/presence', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, groupPresenceEvents: { eventNames: ['arrived'] } }] } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('eventNames');
    const stored = await call(server, 'GET', '/admin/api/hubs/presence');
    expect(stored.body.properties.eventHandlers[0].groupPresenceEvents).toEqual({ eventNames: ['joined', 'left'] });
  });
});
