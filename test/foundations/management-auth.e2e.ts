import jwt from 'jsonwebtoken';
import { call, signFor } from '../harness/management';
import { TestServer } from '../harness/server';

const stored = { properties: { anonymousConnectPolicy: 'allow', webSocketKeepAliveIntervalInSeconds: 45 } };

describe('the management API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    const answer = await call(server, 'PUT', '/admin/api/hubs/chat', { body: stored });
    expect(answer.status).toBe(201);
  });

  afterAll(() => server?.stop());

  async function expectChatUnchanged() {
    const answer = await call(server, 'GET', '/admin/api/hubs/chat');
    expect(answer.body).toMatchObject({ stored: true, properties: { anonymousConnectPolicy: 'allow', webSocketKeepAliveIntervalInSeconds: 45, eventHandlers: [] } });
  }

  describe('refuses with 401 and changes nothing', () => {
    const path = '/admin/api/hubs/chat';
    const url = () => `${server.baseUrl}${path}`;
    const change = { properties: { anonymousConnectPolicy: 'deny' } };

    it.each([
      ['a missing token', () => null],
      ['a token signed with a wrong key', () => signFor(url(), 'not-the-access-key-of-this-service')],
      ['an expired token', () => jwt.sign({ aud: url(), exp: Math.floor(Date.now() / 1000) - 3600 }, server.accessKey)],
      ['a token for another URL', () => signFor(`${server.baseUrl}/admin/api/hubs/other`, server.accessKey)],
      ['a token for another path with the same prefix', () => signFor(`${server.baseUrl}/admin/api/hubs`, server.accessKey)],
      ['a token signed with another algorithm', () => jwt.sign({ aud: url() }, server.accessKey, { algorithm: 'HS384' })],
      ['a garbled token', () => 'garbage'],
    ])('%s', async (_, token) => {
      for (const method of ['PUT', 'DELETE']) {
        const answer = await call(server, method, path, { body: method === 'PUT' ? change : undefined, token: token() });
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe('Unauthorized');
        expect(answer.headers.get('x-ms-error-code')).toBe('Unauthorized');
      }
      await expectChatUnchanged();
    });

    it('a malformed Authorization header', async () => {
      const answer = await call(server, 'PUT', path, { body: change, token: null, headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } });
      expect(answer.status).toBe(401);
      await expectChatUnchanged();
    });
  });

  it('accepts a token whose aud is the URL with its query, as the SDK signs it', async () => {
    const path = '/admin/api/hubs/chat?api-version=2024-12-01';
    const answer = await call(server, 'GET', path, { token: signFor(`${server.baseUrl}${path}`, server.accessKey) });
    expect(answer.status).toBe(200);
  });

  describe('refuses a bad body with 400 naming the field, and changes nothing', () => {
    it.each([
      ['no properties', {}, 'properties'],
      ['properties not an object', { properties: 'x' }, 'properties'],
      ['an unknown anonymous policy', { properties: { anonymousConnectPolicy: 'maybe' } }, 'properties.anonymousConnectPolicy'],
      ['a keep-alive out of range', { properties: { webSocketKeepAliveIntervalInSeconds: 500 } }, 'properties.webSocketKeepAliveIntervalInSeconds'],
      ['a keep-alive that is not a number', { properties: { webSocketKeepAliveIntervalInSeconds: '20' } }, 'properties.webSocketKeepAliveIntervalInSeconds'],
      ['event handlers not a list', { properties: { eventHandlers: {} } }, 'properties.eventHandlers'],
      ['an event handler without URL', { properties: { eventHandlers: [{ userEventPattern: '*' }] } }, 'properties.eventHandlers.0.urlTemplate'],
      ['a relative handler URL', { properties: { eventHandlers: [{ urlTemplate: '/x/{event}' }] } }, 'properties.eventHandlers.0.urlTemplate'],
      ['a placeholder in the handler host', { properties: { eventHandlers: [{ urlTemplate: 'http://{hub}.example.com/' }] } }, 'properties.eventHandlers.0.urlTemplate'],
      ['an unknown system event', { properties: { eventHandlers: [{ urlTemplate: 'http://h/x', systemEvents: ['connect', 'boom'] }] } }, 'properties.eventHandlers.0.systemEvents'],
      ['an unknown auth type', { properties: { eventHandlers: [{ urlTemplate: 'http://h/x', auth: { type: 'Basic' } }] } }, 'properties.eventHandlers.0.auth.type'],
      ['an unknown property', { properties: { anonymousConnectPolicy: 'allow', colour: 'red' } }, 'properties.colour'],
    ])('%s', async (_, body, target) => {
      const answer = await call(server, 'PUT', '/admin/api/hubs/chat', { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'InvalidArgument', target });
      expect(answer.body.error.message).toEqual(expect.any(String));
      await expectChatUnchanged();
    });

    it('malformed JSON', async () => {
      const answer = await call(server, 'PUT', '/admin/api/hubs/chat', { body: '{"properties": ' });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('InvalidArgument');
      await expectChatUnchanged();
    });

    it.each(['1chat', 'chat-room', 'a'.repeat(129)])('an invalid hub name %s', async (hub) => {
      const answer = await call(server, 'PUT', `/admin/api/hubs/${hub}`, { body: stored });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'InvalidArgument', target: 'hub' });
      const list = await call(server, 'GET', '/admin/api/hubs');
      expect(list.body.value.map((h: { name: string }) => h.name)).toEqual(['chat']);
    });
  });

  describe('admin login', () => {
    async function login(password: string) {
      const response = await fetch(`${server.baseUrl}/admin/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: server.adminUser, password }),
      });
      return { response, body: await response.json() };
    }

    function cookieOf(response: Response): string {
      return response.headers.get('set-cookie')!.split(';')[0];
    }

    it('refuses a wrong password with 401 and sets no cookie', async () => {
      const { response, body } = await login('wrong-password');
      expect(response.status).toBe(401);
      expect(body.error.code).toBe('Unauthorized');
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    it('opens an HttpOnly, SameSite=Strict session that reads and, with its CSRF token, writes', async () => {
      const { response, body } = await login(server.adminPassword);
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ username: 'admin', csrfToken: expect.any(String) });
      const setCookie = response.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      const cookie = cookieOf(response);

      const read = await call(server, 'GET', '/admin/api/hubs/chat', { token: null, headers: { Cookie: cookie } });
      expect(read.status).toBe(200);

      const put = (headers: Record<string, string>) =>
        call(server, 'PUT', '/admin/api/hubs/dashboardhub', { token: null, headers: { Cookie: cookie, ...headers }, body: stored });
      const withoutCsrf = await put({});
      expect(withoutCsrf.status).toBe(403);
      expect((await put({ 'X-CSRF-Token': 'forged' })).status).toBe(403);
      expect((await call(server, 'GET', '/admin/api/hubs/dashboardhub')).body.stored).toBe(false);

      const withCsrf = await put({ 'X-CSRF-Token': body.csrfToken });
      expect(withCsrf.status).toBe(201);
      const audit = await call(server, 'GET', '/admin/api/audit');
      expect(audit.body.value[0]).toMatchObject({ actor: 'admin:admin', action: 'hub.create', target: 'dashboardhub' });

      const logout = await call(server, 'POST', '/admin/api/logout', { token: null, headers: { Cookie: cookie } });
      expect(logout.status).toBe(204);
      const after = await call(server, 'GET', '/admin/api/hubs', { token: null, headers: { Cookie: cookie } });
      expect(after.status).toBe(401);
    });

    it('changes the password, after which only the new one logs in', async () => {
      const { response, body } = await login(server.adminPassword);
      const headers = { Cookie: cookieOf(response), 'X-CSRF-Token': body.csrfToken };
      const weak = await call(server, 'PUT', '/admin/api/password', { token: null, headers, body: { currentPassword: server.adminPassword, newPassword: 'short' } });
      expect(weak.status).toBe(400);
      expect(weak.body.error.target).toBe('newPassword');
      const wrong = await call(server, 'PUT', '/admin/api/password', { token: null, headers, body: { currentPassword: 'nope-nope', newPassword: 'a-new-password' } });
      expect(wrong.status).toBe(403);
      const changed = await call(server, 'PUT', '/admin/api/password', { token: null, headers, body: { currentPassword: server.adminPassword, newPassword: 'a-new-password' } });
      expect(changed.status).toBe(204);
      expect((await login(server.adminPassword)).response.status).toBe(401);
      expect((await login('a-new-password')).response.status).toBe(200);
    });
  });
});
