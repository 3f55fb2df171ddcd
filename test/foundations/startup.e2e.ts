import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { E2E_REDIS_URL, TestServer } from '../harness/server';

describe('a fresh start on the embedded database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ database: 'embedded' });
  });

  afterAll(() => server?.stop());

  it('prints its URLs and a connection string in Azure format', () => {
    expect(server.logs).toContain('embedded PostgreSQL');
    expect(server.logs).toContain(`Dashboard:         http://localhost:${server.port}/dashboard`);
    expect(server.connectionString).toMatch(
      new RegExp(`^Endpoint=http://localhost;Port=${server.port};AccessKey=[A-Za-z0-9+/]{43}=;Version=1\\.0;$`),
    );
  });

  it('is accepted by the official WebPubSubServiceClient as it is', async () => {
    const client = new WebPubSubServiceClient(server.connectionString, 'chat', { allowInsecureConnection: true });
    expect(client.endpoint).toBe(`http://localhost:${server.port}/`);
    expect(client.hubName).toBe('chat');
    // The SDK's own pipeline, with its own key credential policy signing the request.
    const generated = (client as any).client;
    await expect(generated.healthApi.getServiceStatus()).resolves.toEqual({ body: true });
    const response = await generated.sendRequest(
      createPipelineRequest({ url: `${server.baseUrl}/admin/api/hubs/chat?api-version=2024-12-01`, method: 'GET', allowInsecureConnection: true }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.bodyAsText)).toEqual({
      name: 'chat',
      stored: false,
      properties: { eventHandlers: [], anonymousConnectPolicy: 'deny', webSocketKeepAliveIntervalInSeconds: 20, mqtt: { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0, maxSessionExpirySeconds: 30 } },
    });
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('answers /readyz once the database is open', async () => {
    const response = await fetch(`${server.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    // On Redis the answer also names the node and says the bus is up.
    expect(await response.json()).toEqual({ status: 'ready', database: 'embedded', ...(E2E_REDIS_URL ? { redis: 'up', nodeId: expect.any(String) } : {}) });
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${server.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^# TYPE switchboard_process_cpu_user_seconds_total counter$/m);
    expect(text).toMatch(/^switchboard_build_info\{version="[^"]+",node="v\d+/m);
  });

  it('serves the dashboard at /dashboard, with its client routes falling back to the page', async () => {
    const page = await fetch(`${server.baseUrl}/dashboard/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const deep = await fetch(`${server.baseUrl}/dashboard/hubs/chat`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${server.baseUrl}/no/such/thing`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('NotFound');
  });

  it('keeps secrets out of its logs', () => {
    const logLines = server.logs.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.join('\n')).not.toContain(server.accessKey);
    expect(logLines.join('\n')).not.toContain(server.adminPassword);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    await server.restart();
    await server.stop();
    expect(server.lastExitCode).toBe(0);
  });
});
