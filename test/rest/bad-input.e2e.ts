import jwt from 'jsonwebtoken';
import { clientUrl, RawClient } from '../harness/clients';
import { call, signFor } from '../harness/management';
import { TestServer } from '../harness/server';

describe('bad input on the REST API', () => {
  let server: TestServer;
  let bystander: RawClient;
  let sent = 0;

  beforeAll(async () => {
    server = await TestServer.start({ env: { MAX_MESSAGE_BYTES: String(64 * 1024) } });
    bystander = await RawClient.open(await clientUrl(server, 'chat', { userId: 'bystander', groups: ['room'] }), 'json.webpubsub.azure.v1');
    await bystander.next();
  });

  afterEach(async () => {
    // A good send after each bad request still reaches the connected client, and only it.
    const text = `good ${++sent}`;
    const answer = await call(server, 'POST', '/api/hubs/chat/groups/room/:send?api-version=2024-12-01', { body: text, headers: { 'Content-Type': 'text/plain' } });
    expect(answer.status).toBe(202);
    expect(await bystander.nextJson()).toMatchObject({ group: 'room', data: text });
    await bystander.expectSilence(50);
  });

  afterAll(async () => {
    bystander?.close();
    await server?.stop();
  });

  const sendPath = '/api/hubs/chat/groups/room/:send?api-version=2024-12-01';
  const textBody = { body: 'should not arrive', headers: { 'Content-Type': 'text/plain' } };

  describe('401 with a JSON error', () => {
    it.each([
      ['no token', () => null],
      ['a wrong signature', () => signFor(`${server.baseUrl}${sendPath}`, 'wrong-key-0123456789abcdef')],
      ['an expired token', () => jwt.sign({ aud: `${server.baseUrl}${sendPath}`, exp: Math.floor(Date.now() / 1000) - 3600 }, server.accessKey)],
      ['a token for another URL', () => signFor(`${server.baseUrl}/api/hubs/chat/:send?api-version=2024-12-01`, server.accessKey)],
      ['a token for another hub', () => signFor(`${server.baseUrl}/api/hubs/other/groups/room/:send`, server.accessKey)],
    ])('%s', async (_, token) => {
      const answer = await call(server, 'POST', sendPath, { ...textBody, token: token() });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('Unauthorized');
      expect(answer.headers.get('x-ms-error-code')).toBe('Unauthorized');
    });
  });

  it('400 for a bad hub name', async () => {
    const answer = await call(server, 'POST', '/api/hubs/1chat/:send?api-version=2024-12-01', textBody);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'InvalidArgument', target: 'hub' });
  });

  it('400 for a malformed filter, naming the position', async () => {
    const answer = await call(server, 'POST', `/api/hubs/chat/:send?api-version=2024-12-01&filter=${encodeURIComponent("userId eq")}`, textBody);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'InvalidFilter', target: 'filter', message: expect.stringMatching(/position 9/) });
  });

  it('400 for a filter that is not boolean', async () => {
    const answer = await call(server, 'POST', `/api/hubs/chat/:send?api-version=2024-12-01&filter=${encodeURIComponent('length(userId)')}`, textBody);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('InvalidFilter');
  });

  it('413 for a body over the message size limit', async () => {
    const answer = await call(server, 'POST', sendPath, { body: 'x'.repeat(65 * 1024), headers: { 'Content-Type': 'text/plain' } });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('PayloadTooLarge');
  });

  it('415 for a content type that is not text, JSON or bytes', async () => {
    const answer = await call(server, 'POST', sendPath, { body: '<a/>', headers: { 'Content-Type': 'application/xml' } });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('UnsupportedMediaType');
  });

  it('400 for a JSON body that is not JSON', async () => {
    const answer = await call(server, 'POST', sendPath, { body: '{"a":', headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(400);
  });

  it('accepts a content type with parameters', async () => {
    const answer = await call(server, 'POST', '/api/hubs/chat/groups/elsewhere/:send?api-version=2024-12-01', {
      body: 'x',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
    expect(answer.status).toBe(202);
  });

  it('400 for messageTtlSeconds out of range', async () => {
    const answer = await call(server, 'POST', `${sendPath}&messageTtlSeconds=301`, textBody);
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('messageTtlSeconds');
  });

  it('400 for an unknown permission', async () => {
    const answer = await call(server, 'PUT', '/api/hubs/chat/permissions/admin/connections/c1?api-version=2024-12-01');
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('permission');
  });

  it('400 for a group name of white space only', async () => {
    const answer = await call(server, 'POST', '/api/hubs/chat/groups/%20%20/:send?api-version=2024-12-01', textBody);
    expect(answer.status).toBe(400);
  });

  it('400 for an :addToGroups body without groups', async () => {
    const answer = await call(server, 'POST', '/api/hubs/chat/:addToGroups?api-version=2024-12-01', { body: { filter: "userId eq 'x'" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('groups');
  });

  it('404 for a path that is no operation and 405 for a wrong method', async () => {
    expect((await call(server, 'GET', '/api/hubs/chat/nothing?api-version=2024-12-01')).status).toBe(404);
    const answer = await call(server, 'GET', '/api/hubs/chat/:send?api-version=2024-12-01');
    expect(answer.status).toBe(405);
  });

  it('answers HEAD errors with the status and no body', async () => {
    const answer = await call(server, 'HEAD', '/api/hubs/chat/connections/x?api-version=2024-12-01', { token: 'garbage' });
    expect(answer.status).toBe(401);
    expect(answer.body).toBeUndefined();
  });
});
