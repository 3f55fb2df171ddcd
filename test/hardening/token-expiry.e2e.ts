import jwt from 'jsonwebtoken';
import { RawClient, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';

/** Every token must expire, and tokens the service mints are capped (issue "Hardening", item 5). */
describe('token expiry', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  const forever = (aud: string) => jwt.sign({ aud }, server.accessKey, { algorithm: 'HS256' });

  it('refuses tokens without exp on REST, on client sockets and on the admin API', async () => {
    const sendPath = '/api/hubs/chat/:send?api-version=2024-12-01';
    const rest = await call(server, 'POST', sendPath, { token: forever(`${server.baseUrl}${sendPath}`), body: 'x', headers: { 'Content-Type': 'text/plain' } });
    expect(rest.status).toBe(401);
    expect(JSON.stringify(rest.body)).toContain('expiry');

    const socket = await RawClient.refusal(`ws://localhost:${server.port}/client/hubs/chat?access_token=${forever(`${server.baseUrl}/client/hubs/chat`)}`, 'json.webpubsub.azure.v1');
    expect(socket).toBe(401);
    const mqtt = await RawClient.refusal(`ws://localhost:${server.port}/clients/mqtt/hubs/chat?access_token=${forever(`${server.baseUrl}/clients/mqtt/hubs/chat`)}`, 'mqtt');
    expect(mqtt).toBe(401);

    const admin = await call(server, 'GET', '/admin/api/keys', { token: forever(`${server.baseUrl}/admin/api/keys`) });
    expect(admin.status).toBe(401);
  });

  it('caps minutesToExpire of generated tokens at 30 days', async () => {
    const path = (minutes: string) => `/api/hubs/chat/:generateToken?api-version=2024-12-01&minutesToExpire=${minutes}`;
    const huge = await call(server, 'POST', path('1000000000000'));
    expect(huge.status).toBe(400);
    expect(huge.body.error.target).toBe('minutesToExpire');
    expect((await call(server, 'POST', path('43201'))).status).toBe(400);
    const month = await call(server, 'POST', path('43200'));
    expect(month.status).toBe(200);
    const claims = jwt.decode(month.body.token) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(43200 * 60);
    // The official SDK's own call still works.
    expect((await serviceClient(server, 'chat').getClientAccessToken({ expirationTimeInMinutes: 60 })).token).toBeTruthy();
  });
});
