import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { call, signFor } from '../harness/management';
import { TestServer } from '../harness/server';

describe('access keys', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  async function statusWith(key: string): Promise<number> {
    const url = `${server.baseUrl}/admin/api/keys`;
    return (await call(server, 'GET', '/admin/api/keys', { token: signFor(url, key) })).status;
  }

  it('lists both keys with their connection strings', async () => {
    const answer = await call(server, 'GET', '/admin/api/keys');
    expect(answer.status).toBe(200);
    expect(answer.body.primaryKey).toBe(server.accessKey);
    expect(answer.body.primaryConnectionString).toBe(server.connectionString);
    expect(answer.body.secondaryKey).not.toBe(answer.body.primaryKey);
    expect(answer.body.secondaryConnectionString).toContain(`AccessKey=${answer.body.secondaryKey};`);
  });

  it('refuses the old primary key after regeneration while the secondary keeps working', async () => {
    const before = (await call(server, 'GET', '/admin/api/keys')).body;
    const answer = await call(server, 'POST', '/admin/api/keys/regenerate', { body: { keyType: 'primary' } });
    expect(answer.status).toBe(200);
    expect(answer.body.primaryKey).not.toBe(before.primaryKey);
    expect(answer.body.secondaryKey).toBe(before.secondaryKey);

    expect(await statusWith(before.primaryKey)).toBe(401);
    expect(await statusWith(before.secondaryKey)).toBe(200);
    expect(await statusWith(answer.body.primaryKey)).toBe(200);
    server.accessKey = answer.body.primaryKey;

    // The official client built from the new connection string signs with the new key.
    const client = new WebPubSubServiceClient(answer.body.primaryConnectionString, 'chat', { allowInsecureConnection: true });
    const response = await (client as any).client.sendRequest(
      createPipelineRequest({ url: `${server.baseUrl}/admin/api/hubs/chat`, method: 'GET', allowInsecureConnection: true }),
    );
    expect(response.status).toBe(200);
  });

  it('keeps a regenerated key across a restart and prints it in the banner', async () => {
    const { secondaryKey } = await currentKeys();
    const answer = await call(server, 'POST', '/admin/api/keys/regenerate', {
      body: { keyType: 'secondary' },
      token: signFor(`${server.baseUrl}/admin/api/keys/regenerate`, secondaryKey),
    });
    expect(answer.status).toBe(200);
    await server.restart();
    const keys = await currentKeys();
    expect(keys.secondaryKey).toBe(answer.body.secondaryKey);
    expect(server.connectionString).toBe(answer.body.primaryConnectionString);
  });

  it('refuses an unknown key type with 400', async () => {
    const before = await currentKeys();
    const answer = await call(server, 'POST', '/admin/api/keys/regenerate', { body: { keyType: 'tertiary' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('keyType');
    expect(await currentKeys()).toEqual(before);
  });

  async function currentKeys() {
    return (await call(server, 'GET', '/admin/api/keys')).body;
  }
});

describe('ACCESS_KEY', () => {
  it('seeds the primary key of a new database', async () => {
    const key = 'seeded-primary-key-0123456789';
    const server = await TestServer.start({ env: { ACCESS_KEY: key } });
    try {
      expect(server.accessKey).toBe(key);
      expect(server.connectionString).toBe(`Endpoint=http://localhost;Port=${server.port};AccessKey=${key};Version=1.0;`);
    } finally {
      await server.stop();
    }
  });
});
