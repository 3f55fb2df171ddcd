import { clientUrl, RawClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';

const JSON_V1 = 'json.webpubsub.azure.v1';
const RELIABLE = 'json.reliable.webpubsub.azure.v1';
const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describe('native frames on the wire', () => {
  let server: TestServer;
  const open: RawClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterEach(() => {
    for (const client of open.splice(0)) client.ws.terminate();
  });

  afterAll(() => server?.stop());

  async function connect(userId: string | undefined, protocol?: string, options: { roles?: string[]; groups?: string[]; query?: string } = {}) {
    const url = await clientUrl(server, 'frames', { userId, roles: options.roles ?? allRoles, groups: options.groups });
    const client = await RawClient.open(url + (options.query ?? ''), protocol);
    open.push(client);
    return client;
  }

  describe('json.webpubsub.azure.v1', () => {
    it('starts with system/connected carrying the connectionId and userId', async () => {
      const client = await connect('alice', JSON_V1);
      expect(client.ws.protocol).toBe(JSON_V1);
      const frame = await client.next();
      expect(frame.binary).toBe(false);
      expect(frame.data).toMatch(/^\{"type":"system","event":"connected","userId":"alice","connectionId":"[A-Za-z0-9_-]+"\}$/);
    });

    it('says userId null for a connection without user', async () => {
      const client = await connect(undefined, JSON_V1);
      expect(await client.nextJson()).toEqual({ type: 'system', event: 'connected', userId: null, connectionId: expect.any(String) });
    });

    it('acks joinGroup and answers a repeated ackId with Duplicate, without running it twice', async () => {
      const client = await connect('alice', JSON_V1);
      await client.next();
      client.send({ type: 'joinGroup', group: 'g', ackId: 1 });
      expect((await client.next()).data).toBe('{"type":"ack","ackId":1,"success":true}');
      client.send({ type: 'sendToGroup', group: 'g', ackId: 2, dataType: 'text', data: 'once' });
      const first = [await client.nextJson(), await client.nextJson()];
      expect(first).toEqual(expect.arrayContaining([{ type: 'ack', ackId: 2, success: true }, expect.objectContaining({ data: 'once' })]));
      client.send({ type: 'sendToGroup', group: 'g', ackId: 2, dataType: 'text', data: 'once' });
      expect((await client.next()).data).toBe(
        '{"type":"ack","ackId":2,"success":false,"error":{"name":"Duplicate","message":"Message with ack-id: 2 has been processed"}}',
      );
      await client.expectSilence();
    });

    it('delivers group messages of each data type in Azure shape', async () => {
      const receiver = await connect('bob', JSON_V1);
      const sender = await connect('alice', JSON_V1);
      await receiver.next();
      await sender.next();
      receiver.send({ type: 'joinGroup', group: 'shapes', ackId: 1 });
      await receiver.next();
      sender.send({ type: 'sendToGroup', group: 'shapes', dataType: 'text', data: 'hi "there"' });
      sender.send({ type: 'sendToGroup', group: 'shapes', dataType: 'json', data: { a: [1, 2.5, null], b: 'x' } });
      sender.send({ type: 'sendToGroup', group: 'shapes', dataType: 'binary', data: 'AQID' });
      expect((await receiver.next()).data).toBe('{"type":"message","from":"group","group":"shapes","fromUserId":"alice","dataType":"text","data":"hi \\"there\\""}');
      expect((await receiver.next()).data).toBe('{"type":"message","from":"group","group":"shapes","fromUserId":"alice","dataType":"json","data":{"a":[1,2.5,null],"b":"x"}}');
      expect((await receiver.next()).data).toBe('{"type":"message","from":"group","group":"shapes","fromUserId":"alice","dataType":"binary","data":"AQID"}');
    });

    it('answers ping with pong', async () => {
      const client = await connect('alice', JSON_V1);
      await client.next();
      client.send({ type: 'ping' });
      expect((await client.next()).data).toBe('{"type":"pong"}');
    });

    it('accepts a request in a binary frame of UTF-8 JSON', async () => {
      const client = await connect('alice', JSON_V1);
      await client.next();
      client.send(Buffer.from(JSON.stringify({ type: 'joinGroup', group: 'bin', ackId: 5 })), true);
      expect(await client.nextJson()).toEqual({ type: 'ack', ackId: 5, success: true });
    });

    it('answers an invalid group name with a BadRequest ack and goes on', async () => {
      const client = await connect('alice', JSON_V1);
      await client.next();
      client.send({ type: 'joinGroup', group: '   ', ackId: 3 });
      expect(await client.nextJson()).toMatchObject({ type: 'ack', ackId: 3, success: false, error: { name: 'BadRequest' } });
      client.send({ type: 'ping' });
      expect(await client.nextJson()).toEqual({ type: 'pong' });
    });
  });

  describe('json.reliable.webpubsub.azure.v1', () => {
    it('adds a reconnectionToken to connected and a sequenceId to every message', async () => {
      const client = await connect('alice', RELIABLE);
      expect(await client.nextJson()).toEqual({
        type: 'system',
        event: 'connected',
        userId: 'alice',
        connectionId: expect.any(String),
        reconnectionToken: expect.any(String),
      });
      client.send({ type: 'joinGroup', group: 'seq', ackId: 1 });
      expect(await client.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });
      client.send({ type: 'sendToGroup', group: 'seq', dataType: 'text', data: 'a' });
      client.send({ type: 'sendToGroup', group: 'seq', dataType: 'json', data: 1 });
      expect((await client.next()).data).toBe('{"type":"message","from":"group","group":"seq","fromUserId":"alice","dataType":"text","data":"a","sequenceId":1}');
      expect((await client.next()).data).toBe('{"type":"message","from":"group","group":"seq","fromUserId":"alice","dataType":"json","data":1,"sequenceId":2}');
    });
  });

  describe('simple clients (no subprotocol)', () => {
    it('get no envelope: text, JSON text and binary frames with the payload alone', async () => {
      const raw = await connect('raw', undefined, { groups: ['plain'] });
      expect(raw.ws.protocol).toBe('');
      const sender = await connect('alice', JSON_V1);
      await sender.next();
      sender.send({ type: 'sendToGroup', group: 'plain', dataType: 'text', data: 'hello' });
      sender.send({ type: 'sendToGroup', group: 'plain', dataType: 'json', data: { a: 1 } });
      sender.send({ type: 'sendToGroup', group: 'plain', dataType: 'binary', data: 'AQID' });
      expect(await raw.next()).toEqual({ data: 'hello', binary: false });
      expect(await raw.next()).toEqual({ data: '{"a":1}', binary: false });
      const binary = await raw.next();
      expect(binary.binary).toBe(true);
      expect([...(binary.data as Buffer)]).toEqual([1, 2, 3]);
    });

    it('send each frame to their group in webpubsub_mode=sendToGroup', async () => {
      const member = await connect('member', JSON_V1);
      await member.next();
      member.send({ type: 'joinGroup', group: 'mode', ackId: 1 });
      await member.next();
      const raw = await connect('raw', undefined, { query: '&webpubsub_mode=sendToGroup&group=mode' });
      raw.send('text frame');
      raw.send(Buffer.from([9, 8]), true);
      expect(await member.nextJson()).toEqual({ type: 'message', from: 'group', group: 'mode', fromUserId: 'raw', dataType: 'text', data: 'text frame' });
      expect(await member.nextJson()).toEqual({ type: 'message', from: 'group', group: 'mode', fromUserId: 'raw', dataType: 'binary', data: 'CQg=' });
    });

    it('are what a client offering its own subprotocol becomes, with the name echoed', async () => {
      const custom = await connect('custom', 'my.custom.protocol', { groups: ['c'] });
      expect(custom.ws.protocol).toBe('my.custom.protocol');
    });
  });

  describe('anonymous connect', () => {
    it('is refused by default and allowed when the hub says so', async () => {
      const url = `ws://localhost:${server.port}/client/hubs/open`;
      expect(await RawClient.refusal(url, JSON_V1)).toBe(401);
      const put = await call(server, 'PUT', '/admin/api/hubs/open', { body: { properties: { anonymousConnectPolicy: 'allow' } } });
      expect(put.status).toBe(201);
      const client = await RawClient.open(url, JSON_V1);
      open.push(client);
      expect(await client.nextJson()).toMatchObject({ event: 'connected', userId: null });
    });

    it('also takes the hub from the query on /client/?hub=', async () => {
      const url = await clientUrl(server, 'frames', { userId: 'q' });
      const token = new URL(url).searchParams.get('access_token');
      const client = await RawClient.open(`ws://localhost:${server.port}/client/?hub=frames&access_token=${token}`, JSON_V1);
      open.push(client);
      expect(await client.nextJson()).toMatchObject({ event: 'connected', userId: 'q' });
    });
  });
});
