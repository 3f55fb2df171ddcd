import { call } from '../harness/management';
import { TestServer, type DatabaseChoice } from '../harness/server';
import { POSTGRES_URL } from '../harness/test-database';

const databases: DatabaseChoice[] = POSTGRES_URL ? ['embedded', 'postgres'] : ['embedded'];

const chatSettings = {
  properties: {
    eventHandlers: [
      {
        urlTemplate: 'http://localhost:3000/api/webpubsub/hubs/{hub}/{event}',
        userEventPattern: '*',
        systemEvents: ['connect', 'connected', 'disconnected'],
        auth: { type: 'None' },
      },
      { urlTemplate: 'https://handler.example.com/events?code=abc', userEventPattern: 'chat,typing' },
    ],
    anonymousConnectPolicy: 'allow',
    webSocketKeepAliveIntervalInSeconds: 30,
  },
};

describe.each(databases)('hub settings on the %s database', (database) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ database });
  });

  afterAll(() => server?.stop());

  it('answers Azure defaults for a hub nobody configured', async () => {
    const answer = await call(server, 'GET', '/admin/api/hubs/lobby');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      name: 'lobby',
      stored: false,
      properties: { eventHandlers: [], anonymousConnectPolicy: 'deny', webSocketKeepAliveIntervalInSeconds: 20, mqtt: { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0, maxSessionExpirySeconds: 30 } },
    });
  });

  it('creates a hub with PUT (201), updates it (200) and lists it', async () => {
    const created = await call(server, 'PUT', '/admin/api/hubs/Chat', { body: chatSettings });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Chat', stored: true, properties: chatSettings.properties });

    const updated = await call(server, 'PUT', '/admin/api/hubs/Chat', { body: chatSettings });
    expect(updated.status).toBe(200);

    const list = await call(server, 'GET', '/admin/api/hubs');
    expect(list.body.value.map((hub: { name: string }) => hub.name)).toEqual(['Chat']);
  });

  it('finds a hub by its name in any case, as the Azure SDKs do', async () => {
    const answer = await call(server, 'GET', '/admin/api/hubs/chat');
    expect(answer.body).toMatchObject({ name: 'Chat', stored: true, properties: chatSettings.properties });
  });

  it('keeps the settings across a restart', async () => {
    await server.restart();
    const answer = await call(server, 'GET', '/admin/api/hubs/Chat');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ stored: true, properties: chatSettings.properties });
  });

  it('keeps the access keys across a restart', async () => {
    const before = server.connectionString;
    await server.restart();
    expect(server.connectionString).toBe(before);
  });

  it('fills omitted properties with defaults (PUT replaces the whole resource)', async () => {
    const answer = await call(server, 'PUT', '/admin/api/hubs/partial', { body: { properties: { anonymousConnectPolicy: 'allow' } } });
    expect(answer.status).toBe(201);
    expect(answer.body.properties).toEqual({
      eventHandlers: [],
      anonymousConnectPolicy: 'allow',
      webSocketKeepAliveIntervalInSeconds: 20,
      mqtt: { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0, maxSessionExpirySeconds: 30 },
    });
  });

  it('forgets a hub with DELETE, which then runs on defaults again', async () => {
    expect((await call(server, 'DELETE', '/admin/api/hubs/partial')).status).toBe(204);
    expect((await call(server, 'DELETE', '/admin/api/hubs/partial')).status).toBe(204);
    const answer = await call(server, 'GET', '/admin/api/hubs/partial');
    expect(answer.body.stored).toBe(false);
  });

  it('writes every change to the audit log with who made it', async () => {
    const answer = await call(server, 'GET', '/admin/api/audit');
    expect(answer.status).toBe(200);
    const actions = answer.body.value.map((entry: { action: string; target: string; actor: string }) => `${entry.actor} ${entry.action} ${entry.target}`);
    expect(actions).toEqual(
      expect.arrayContaining(['key:primary hub.create Chat', 'key:primary hub.update Chat', 'key:primary hub.delete partial']),
    );
  });
});
