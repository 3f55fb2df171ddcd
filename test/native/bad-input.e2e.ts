import jwt from 'jsonwebtoken';
import { clientUrl, RawClient } from '../harness/clients';
import { TestServer } from '../harness/server';

const JSON_V1 = 'json.webpubsub.azure.v1';
const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describe('bad input on the native endpoint', () => {
  let server: TestServer;
  /** Connected before each case and checked after it: bad input elsewhere must not disturb it. */
  let bystander: RawClient;
  let bystanderAckId = 100;

  beforeAll(async () => {
    server = await TestServer.start({ env: { MAX_MESSAGE_BYTES: String(64 * 1024), CLIENT_SEND_BUFFER_BYTES: String(64 * 1024) } });
    bystander = await RawClient.open(await clientUrl(server, 'chat', { userId: 'bystander', roles: allRoles }), JSON_V1);
    await bystander.next();
    bystander.send({ type: 'joinGroup', group: 'bystanders', ackId: bystanderAckId });
    expect(await bystander.nextJson()).toMatchObject({ success: true });
  });

  afterEach(async () => {
    // The bystander still sends and receives.
    const ackId = ++bystanderAckId;
    bystander.send({ type: 'sendToGroup', group: 'bystanders', dataType: 'text', data: `still here ${ackId}`, ackId });
    const frames = [await bystander.nextJson(), await bystander.nextJson()];
    expect(frames).toEqual(expect.arrayContaining([{ type: 'ack', ackId, success: true }, expect.objectContaining({ data: `still here ${ackId}` })]));
  });

  afterAll(async () => {
    bystander?.close();
    await server?.stop();
  });

  const wsUrl = (hub: string, token?: string) => `ws://localhost:${server.port}/client/hubs/${hub}${token ? `?access_token=${token}` : ''}`;
  const audience = (hub: string) => `http://localhost:${server.port}/client/hubs/${hub}`;

  describe('refuses the upgrade with 401', () => {
    it.each([
      ['no token', () => undefined],
      ['a token signed with another key', () => jwt.sign({ sub: 'u' }, 'some-other-key-0123456789', { audience: audience('chat'), expiresIn: 60 })],
      ['an expired token', () => jwt.sign({ sub: 'u', aud: audience('chat'), exp: Math.floor(Date.now() / 1000) - 3600 }, server.accessKey)],
      ['a token for another hub', () => jwt.sign({ sub: 'u' }, server.accessKey, { audience: audience('otherhub'), expiresIn: 60 })],
      ['a garbled token', () => 'not-a-token'],
    ])('%s', async (_, token) => {
      expect(await RawClient.refusal(wsUrl('chat', token()), JSON_V1)).toBe(401);
    });

    it('a bearer header with a wrong key', async () => {
      const token = jwt.sign({ sub: 'u' }, 'some-other-key-0123456789', { audience: audience('chat'), expiresIn: 60 });
      expect(await RawClient.refusal(wsUrl('chat'), JSON_V1, { headers: { Authorization: `Bearer ${token}` } })).toBe(401);
    });
  });

  it('accepts the token in an Authorization header too', async () => {
    const token = jwt.sign({ sub: 'header-user' }, server.accessKey, { audience: audience('chat'), expiresIn: 60 });
    const client = await RawClient.open(wsUrl('chat'), JSON_V1, { headers: { Authorization: `Bearer ${token}` } });
    expect(await client.nextJson()).toMatchObject({ event: 'connected', userId: 'header-user' });
    client.close();
  });

  it('refuses an invalid hub name with 400', async () => {
    const token = jwt.sign({}, server.accessKey, { audience: audience('1bad'), expiresIn: 60 });
    expect(await RawClient.refusal(wsUrl('1bad', token), JSON_V1)).toBe(400);
  });

  it('refuses paths that are no endpoint with 404', async () => {
    expect(await RawClient.refusal(`ws://localhost:${server.port}/nowhere`)).toBe(404);
  });

  it('closes a connection that sends a frame that is not JSON, after telling it why', async () => {
    const client = await RawClient.open(await clientUrl(server, 'chat', { userId: 'u' }), JSON_V1);
    await client.next();
    client.send('this is not json');
    expect(await client.nextJson()).toEqual({ type: 'system', event: 'disconnected', message: expect.stringContaining('JSON') });
    expect((await client.closed).code).toBe(1008);
  });

  it('closes a connection whose frame lacks a required field', async () => {
    const client = await RawClient.open(await clientUrl(server, 'chat', { userId: 'u' }), JSON_V1);
    await client.next();
    client.send({ type: 'joinGroup', ackId: 1 });
    expect(await client.nextJson()).toMatchObject({ type: 'system', event: 'disconnected' });
    expect((await client.closed).code).toBe(1008);
  });

  it('closes a connection that sends a frame over the size limit with 1009', async () => {
    const client = await RawClient.open(await clientUrl(server, 'chat', { userId: 'u', roles: allRoles }), JSON_V1);
    await client.next();
    client.send({ type: 'sendToGroup', group: 'bystanders', dataType: 'text', data: 'x'.repeat(70 * 1024) });
    expect((await client.closed).code).toBe(1009);
  });

  it('closes a client that never reads, and counts it, while the others go on', async () => {
    const slow = await RawClient.open(await clientUrl(server, 'chat', { userId: 'slow', groups: ['flood'] }), JSON_V1);
    await slow.next();
    (slow.ws as any)._socket.pause();
    const sender = await RawClient.open(await clientUrl(server, 'chat', { userId: 'sender', roles: allRoles, groups: ['flood'] }), JSON_V1);
    await sender.next();
    const chunk = 'y'.repeat(16 * 1024);
    let closedSlow = false;
    for (let i = 0; i < 2000 && !closedSlow; i++) {
      sender.send({ type: 'sendToGroup', group: 'flood', dataType: 'text', data: chunk, noEcho: true });
      if (i % 50 === 49) {
        await new Promise((r) => setTimeout(r, 20));
        closedSlow = /^switchboard_slow_consumers_closed_total\{protocol="json\.webpubsub\.azure\.v1"\} [1-9]/m.test(
          await (await fetch(`${server.baseUrl}/metrics`)).text(),
        );
      }
    }
    expect(closedSlow).toBe(true);
    sender.send({ type: 'ping' });
    expect(await sender.nextJson()).toEqual({ type: 'pong' });
    sender.close();
    (slow.ws as any)._socket.resume();
    expect((await slow.closed).code).not.toBe(1000);
  });
});
