import type { ConnectRequest, ConnectedRequest, DisconnectedRequest, UserEventRequest } from '@azure/web-pubsub-express';
import { WebPubSubClient, WebPubSubJsonProtocol, type OnGroupDataMessageArgs, type OnServerDataMessageArgs } from '@azure/web-pubsub-client';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp, SDK_CLIENT_OPTIONS, signedWith } from './event-handler-app';

const RELIABLE = 'json.reliable.webpubsub.azure.v1';
const JSON_V1 = 'json.webpubsub.azure.v1';

/**
 * Switchboard calling an app's event handlers, written with the real @azure/web-pubsub-express,
 * for native clients (spec/upstream-events.md §4-§6). The app checks `ce-signature` against the
 * server's access key and refuses what is not signed, as an ASP.NET Core app would.
 */
describe('event handlers of native clients', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  const connects: ConnectRequest[] = [];
  const connectedEvents: ConnectedRequest[] = [];
  const disconnectedEvents: DisconnectedRequest[] = [];
  const userEvents: UserEventRequest[] = [];
  const unsigned: string[] = [];
  const started: WebPubSubClient[] = [];

  beforeAll(async () => {
    // A dropped reliable session waits this long for its client before it ends (§5, client-protocols.md §7.5).
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '2' } });
    app = await EventHandlerApp.start({
      hub: 'chat',
      allowedEndpoints: [server.baseUrl],
      handler: {
        handleConnect(request, response) {
          if (!signedWith(server.accessKey, request.context)) return response.fail(401, 'bad signature');
          connects.push(request);
          const ticket = request.queries?.ticket?.[0];
          if (ticket === 'deny401') return response.fail(401, 'no ticket, no entry');
          if (ticket === 'deny403') return response.fail(403 as 401, 'banned');
          if (ticket === 'deny400') return response.fail(400, 'bad ticket');
          response.setState('greeting', `hello ${request.context.userId}`);
          if (ticket === 'vip') {
            return response.success({
              userId: 'vip-from-handler',
              groups: ['lobby'],
              roles: ['webpubsub.joinLeaveGroup.side', 'webpubsub.sendToGroup.lobby'],
            });
          }
          if (ticket === 'pick-json') return response.success({ subprotocol: JSON_V1 });
          if (ticket === 'pick-unoffered') return response.success({ subprotocol: 'not.offered.v1' });
          response.success();
        },
        onConnected(request) {
          if (!signedWith(server.accessKey, request.context)) return void unsigned.push('connected');
          connectedEvents.push(request);
        },
        onDisconnected(request) {
          if (!signedWith(server.accessKey, request.context)) return void unsigned.push('disconnected');
          disconnectedEvents.push(request);
        },
        handleUserEvent(request, response) {
          if (!signedWith(server.accessKey, request.context)) return response.fail(401, 'bad signature');
          userEvents.push(request);
          switch (request.context.eventName) {
            case 'echo':
            case 'message':
              if (request.dataType === 'json') return response.success(JSON.stringify(request.data), 'json');
              return response.success(request.data, request.dataType);
            case 'count': {
              const count = Number(request.context.states.count ?? 0) + 1;
              response.setState('count', count);
              return response.success(`${count} (${request.context.states.greeting})`, 'text');
            }
            case 'silent':
              return response.success();
            default:
              return response.fail(400, 'unknown event');
          }
        },
      },
    });
    const put = await call(server, 'PUT', '/admin/api/hubs/chat', {
      body: {
        properties: {
          eventHandlers: [
            {
              urlTemplate: app.urlTemplate,
              userEventPattern: 'echo, count, silent, message',
              systemEvents: ['connect', 'connected', 'disconnected'],
            },
          ],
        },
      },
    });
    expect(put.status).toBe(201);
    expect(put.body.eventHandlerStatus).toEqual([expect.objectContaining({ validation: 'valid' })]);
  });

  afterEach(() => {
    for (const client of started.splice(0)) client.stop();
    expect(unsigned).toEqual([]);
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  async function connect(userId: string, query = '', options: { roles?: string[]; json?: boolean } = {}) {
    const url = (await clientUrl(server, 'chat', { userId, roles: options.roles })) + query;
    const client = new WebPubSubClient(url, { ...SDK_CLIENT_OPTIONS, ...(options.json ? { protocol: WebPubSubJsonProtocol() } : {}) });
    const connected = new Promise<{ connectionId: string; userId?: string }>((resolve) => client.on('connected', resolve));
    const fromServer: OnServerDataMessageArgs['message'][] = [];
    const fromGroups: OnGroupDataMessageArgs['message'][] = [];
    client.on('server-message', (event) => fromServer.push(event.message));
    client.on('group-message', (event) => fromGroups.push(event.message));
    started.push(client);
    await client.start();
    return { client, connected: await connected, fromServer, fromGroups };
  }

  describe('connect', () => {
    it("sends the token's claims, the query, the headers and the offered subprotocols, signed", async () => {
      const { connected } = await connect('alice', '&room=lobby&room=hall', { roles: ['webpubsub.joinLeaveGroup'] });
      const request = connects.find((candidate) => candidate.context.connectionId === connected.connectionId)!;
      expect(request.context).toMatchObject({ hub: 'chat', userId: 'alice', eventName: 'connect', origin: 'localhost' });
      expect(request.claims).toMatchObject({
        sub: ['alice'],
        role: ['webpubsub.joinLeaveGroup'],
        aud: [`${server.baseUrl}/client/hubs/chat`],
        exp: [expect.stringMatching(/^\d+$/)],
      });
      expect(request.queries).toMatchObject({ room: ['lobby', 'hall'] });
      expect(request.subprotocols).toEqual([RELIABLE]);
      const headerNames = Object.keys(request.headers ?? {}).map((name) => name.toLowerCase());
      expect(headerNames).toEqual(expect.arrayContaining(['sec-websocket-protocol', 'upgrade']));

      const post = app.events.find((event) => event.headers['ce-connectionid'] === connected.connectionId)!;
      expect(post.path).toBe('/api/webpubsub/hubs/chat/connect');
      expect(post.headers).toMatchObject({
        'ce-specversion': '1.0',
        'ce-awpsversion': '1.0',
        'ce-type': 'azure.webpubsub.sys.connect',
        'ce-source': `/hubs/chat/client/${connected.connectionId}`,
        'ce-hub': 'chat',
        'webhook-request-origin': 'localhost',
        'content-type': 'application/json; charset=utf-8',
      });
      // §3: a native connect names no subprotocol yet; the offered ones are in the body.
      expect(post.headers['ce-subprotocol']).toBeUndefined();
    });

    it('gives the connection the userId, groups and roles the handler answers', async () => {
      const vip = await connect('bob', '&ticket=vip');
      expect(vip.connected.userId).toBe('vip-from-handler');

      // Joined to `lobby` at connect: a REST send to the group reaches it.
      await serviceClient(server, 'chat').group('lobby').sendToAll('welcome', { contentType: 'text/plain' });
      await until(() => vip.fromGroups.length === 1);
      expect(vip.fromGroups[0]).toMatchObject({ group: 'lobby', data: 'welcome' });

      // The roles: join `side`, send to `lobby`, nothing else.
      await vip.client.joinGroup('side');
      await vip.client.sendToGroup('lobby', 'from the vip', 'text');
      await until(() => vip.fromGroups.length === 2);
      expect(vip.fromGroups[1]).toMatchObject({ group: 'lobby', fromUserId: 'vip-from-handler', data: 'from the vip' });
      await expect(vip.client.joinGroup('elsewhere')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
      await expect(vip.client.sendToGroup('side', 'x', 'text')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });

      // REST sees the same user.
      expect(await serviceClient(server, 'chat').userExists('vip-from-handler')).toBe(true);
    });

    it('keeps the token data when the handler accepts with nothing to change', async () => {
      const plain = await connect('carol');
      expect(plain.connected.userId).toBe('carol');
      await expect(plain.client.joinGroup('lobby')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    });

    it.each([
      ['deny401', 401],
      ['deny403', 403],
      ['deny400', 400],
    ])('refuses the upgrade with the status the handler fails with (%s)', async (ticket, status) => {
      const url = (await clientUrl(server, 'chat', { userId: 'mallory' })) + `&ticket=${ticket}`;
      expect(await RawClient.refusal(url, RELIABLE)).toBe(status);
    });

    it('lets the SDK client see the refusal', async () => {
      const url = (await clientUrl(server, 'chat', { userId: 'mallory' })) + '&ticket=deny401';
      const client = new WebPubSubClient(url, SDK_CLIENT_OPTIONS);
      await expect(client.start()).rejects.toBeDefined();
      client.stop();
    });

    it('selects the subprotocol the handler picks among the offered ones', async () => {
      const url = (await clientUrl(server, 'chat', { userId: 'dave' })) + '&ticket=pick-json';
      const client = await RawClient.open(url, [RELIABLE, JSON_V1]);
      expect(client.ws.protocol).toBe(JSON_V1);
      const connected = await client.nextJson();
      expect(connected).toMatchObject({ type: 'system', event: 'connected', userId: 'dave' });
      expect(connected.reconnectionToken).toBeUndefined();
      client.close();
    });

    it('refuses with 500 when the handler picks a subprotocol the client did not offer', async () => {
      const url = (await clientUrl(server, 'chat', { userId: 'dave' })) + '&ticket=pick-unoffered';
      expect(await RawClient.refusal(url, RELIABLE)).toBe(500);
    });
  });

  describe('connected and disconnected', () => {
    const disconnectedOf = (id: string) => disconnectedEvents.filter((event) => event.context.connectionId === id);

    it('tells the handler when a connection opened and when it closed, with its ids', async () => {
      const erin = await connect('erin', '', { json: true });
      const id = erin.connected.connectionId;
      await until(() => connectedEvents.some((event) => event.context.connectionId === id));
      expect(connectedEvents.find((event) => event.context.connectionId === id)!.context).toMatchObject({
        userId: 'erin',
        hub: 'chat',
        eventName: 'connected',
        states: { greeting: 'hello erin' },
      });
      const post = app.events.find((event) => event.headers['ce-connectionid'] === id && event.headers['ce-eventname'] === 'connected')!;
      expect(post.headers['ce-subprotocol']).toBe(JSON_V1);
      expect(disconnectedOf(id)).toEqual([]);

      erin.client.stop();
      await until(() => disconnectedOf(id).length > 0);
      expect(disconnectedOf(id)).toHaveLength(1);
      expect(disconnectedOf(id)[0].context).toMatchObject({ userId: 'erin', eventName: 'disconnected', states: { greeting: 'hello erin' } });
    });

    it('sends disconnected for a reliable connection at once after stop(), whose close frame has no code (1005)', async () => {
      const olga = await connect('olga');
      const id = olga.connected.connectionId;
      const stoppedAt = Date.now();
      olga.client.stop();
      await until(() => disconnectedOf(id).length === 1, 5000);
      expect(Date.now() - stoppedAt).toBeLessThan(1000);
      expect(disconnectedOf(id)[0].reason).toBe('The client closed the connection.');
    });

    it('sends disconnected for a reliable connection whose network dropped only once its recovery window is over', async () => {
      // A plain socket, so that nothing tries to recover after the drop.
      const olga = await RawClient.open(await clientUrl(server, 'chat', { userId: 'olga-dropped' }), RELIABLE);
      const id = (await olga.nextJson()).connectionId as string;
      // No close frame: a network loss (1006), which a reliable session survives for its window.
      (olga.ws as any)._socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(disconnectedOf(id)).toEqual([]);
      await until(() => disconnectedOf(id).length === 1, 5000);
    });

    it('sends the reason a connection was closed with', async () => {
      const frank = await connect('frank');
      const id = frank.connected.connectionId;
      await serviceClient(server, 'chat').closeConnection(id, { reason: 'bye now' });
      await until(() => disconnectedEvents.some((event) => event.context.connectionId === id));
      expect(disconnectedEvents.find((event) => event.context.connectionId === id)!.reason).toBe('bye now');
    });

    it('sends no disconnected for a connection the handler refused', async () => {
      const url = (await clientUrl(server, 'chat', { userId: 'mallory' })) + '&ticket=deny401';
      expect(await RawClient.refusal(url)).toBe(401);
      const refused = connects.filter((request) => request.queries?.ticket?.[0] === 'deny401').map((request) => request.context.connectionId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connectedEvents.filter((event) => refused.includes(event.context.connectionId))).toEqual([]);
      expect(disconnectedEvents.filter((event) => refused.includes(event.context.connectionId))).toEqual([]);
    });
  });

  describe('user events', () => {
    it.each([
      ['text', 'hi there', 'hi there'],
      ['json', { hello: ['world', 1] }, { hello: ['world', 1] }],
    ] as const)('sends a %s event and hands the answer back as a message from the server', async (dataType, data, expected) => {
      const grace = await connect('grace');
      await grace.client.sendEvent('echo', data, dataType);
      await until(() => grace.fromServer.length === 1);
      expect(grace.fromServer[0]).toMatchObject({ kind: 'serverData', dataType, data: expected });
      const request = userEvents.at(-1)!;
      expect(request).toMatchObject({ dataType, data: expected });
      expect(request.context).toMatchObject({ connectionId: grace.connected.connectionId, userId: 'grace', eventName: 'echo' });
    });

    it('sends a binary event as bytes and hands binary answers back', async () => {
      const heidi = await connect('heidi');
      await heidi.client.sendEvent('echo', new Uint8Array([0, 1, 254, 255]).buffer, 'binary');
      await until(() => heidi.fromServer.length === 1);
      expect(heidi.fromServer[0].dataType).toBe('binary');
      expect([...new Uint8Array(heidi.fromServer[0].data as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
      const post = app.events.filter((event) => event.headers['ce-eventname'] === 'echo').at(-1)!;
      expect(post.headers).toMatchObject({
        'content-type': 'application/octet-stream',
        'ce-type': 'azure.webpubsub.user.echo',
        'ce-subprotocol': RELIABLE,
        'ce-userid': 'heidi',
      });
    });

    it('sends nothing back when the handler answers without a body', async () => {
      const ivan = await connect('ivan');
      await ivan.client.sendEvent('silent', 'shh', 'text');
      await ivan.client.sendEvent('echo', 'marker', 'text');
      await until(() => ivan.fromServer.length === 1);
      expect(ivan.fromServer.map((message) => message.data)).toEqual(['marker']);
    });

    it('keeps the connection state the handler sets, from connect on', async () => {
      const judy = await connect('judy');
      await judy.client.sendEvent('count', '', 'text');
      await judy.client.sendEvent('count', '', 'text');
      await until(() => judy.fromServer.length === 2);
      expect(judy.fromServer.map((message) => message.data)).toEqual(['1 (hello judy)', '2 (hello judy)']);
    });

    it('answers events in the order they were sent', async () => {
      const kim = await connect('kim');
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((letter) => kim.client.sendEvent('echo', letter, 'text')));
      await until(() => kim.fromServer.length === 5);
      expect(kim.fromServer.map((message) => message.data)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('sends only the events the userEventPattern lists', async () => {
      const leo = await connect('leo');
      const before = app.events.length;
      await expect(leo.client.sendEvent('unlisted', 'x', 'text')).rejects.toMatchObject({ errorDetail: { name: 'NotFound' } });
      expect(app.events.slice(before).filter((event) => event.headers['ce-eventname'] === 'unlisted')).toEqual([]);
    });

    it("sends a simple client's frames as the message event and its answers back as frames", async () => {
      const client = await RawClient.open(await clientUrl(server, 'chat', { userId: 'mia' }));
      client.send('plain words');
      expect(await client.next()).toEqual({ data: 'plain words', binary: false });
      client.send(Buffer.from([9, 8, 7]), true);
      const frame = await client.next();
      expect(frame.binary).toBe(true);
      expect([...(frame.data as Buffer)]).toEqual([9, 8, 7]);
      const posts = app.events.filter((event) => event.headers['ce-eventname'] === 'message' && event.headers['ce-userid'] === 'mia');
      expect(posts.map((post) => [post.headers['ce-type'], post.headers['content-type']])).toEqual([
        ['azure.webpubsub.user.message', 'text/plain'],
        ['azure.webpubsub.user.message', 'application/octet-stream'],
      ]);
      client.close();
    });
  });
});
