import { clientUrl, RawClient } from '../harness/clients';
import { freePort } from '../harness/free-port';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { EventHandlerApp } from './event-handler-app';

/**
 * Abuse protection (spec/upstream-events.md §2): a handler URL is probed with `OPTIONS` when the
 * hub's settings are saved; one that does not allow our origin is stored but marked invalid, and
 * receives no events: a connection it should have vetted is refused with 500, as Azure answers
 * "Request is denied as target server is invalid".
 */
describe('abuse protection of event handlers', () => {
  let server: TestServer;
  const apps: EventHandlerApp[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await server?.stop();
  });

  /** A handler that accepts every connection, answering the probe for the endpoints given. */
  async function handler(hub: string, allowedEndpoints?: string[]): Promise<EventHandlerApp> {
    const app = await EventHandlerApp.start({ hub, allowedEndpoints, handler: { handleConnect: (_request, response) => response.success() } });
    apps.push(app);
    return app;
  }

  function putHandler(hub: string, urlTemplate: string) {
    return call(server, 'PUT', `/admin/api/hubs/${hub}`, {
      body: { properties: { eventHandlers: [{ urlTemplate, systemEvents: ['connect'] }] } },
    });
  }

  async function connectionStatus(hub: string): Promise<number | null> {
    return RawClient.refusal(await clientUrl(server, hub, { userId: 'probe' }));
  }

  it('probes the handler when the settings are saved, then sends it events', async () => {
    const app = await handler('Checked', [server.baseUrl]);
    const put = await putHandler('Checked', app.urlTemplate);
    expect(put.status).toBe(201);
    expect(put.body.eventHandlerStatus).toEqual([
      { urlTemplate: app.urlTemplate, validation: 'valid', checkedAt: expect.any(String) },
    ]);
    const probe = app.requests.find((request) => request.method === 'OPTIONS')!;
    expect(probe.path).toBe('/api/webpubsub/hubs/Checked/validate');
    expect(probe.headers).toMatchObject({ 'webhook-request-origin': 'localhost', 'ce-awpsversion': '1.0' });

    expect(await connectionStatus('Checked')).toBeNull();
    expect(app.events.map((event) => event.headers['ce-eventname'])).toEqual(['connect']);

    const get = await call(server, 'GET', '/admin/api/hubs/checked');
    expect(get.body.eventHandlerStatus).toEqual([expect.objectContaining({ validation: 'valid' })]);
  });

  it('accepts a handler that allows every origin', async () => {
    const app = await handler('Open');
    const put = await putHandler('Open', app.urlTemplate);
    expect(put.body.eventHandlerStatus).toEqual([expect.objectContaining({ validation: 'valid' })]);
    expect(await connectionStatus('Open')).toBeNull();
  });

  it('stores a handler that allows another endpoint only, marked invalid, and sends it nothing', async () => {
    const app = await handler('Elsewhere', ['https://other-service.webpubsub.azure.com']);
    const put = await putHandler('Elsewhere', app.urlTemplate);
    expect(put.status).toBe(201);
    expect(put.body.properties.eventHandlers).toEqual([{ urlTemplate: app.urlTemplate, systemEvents: ['connect'] }]);
    expect(put.body.eventHandlerStatus).toEqual([
      expect.objectContaining({
        validation: 'invalid',
        error: 'AbuseProtectionResponseMissingAllowedOrigin',
        message: expect.stringContaining('other-service.webpubsub.azure.com'),
      }),
    ]);

    expect(await connectionStatus('Elsewhere')).toBe(500);
    expect(app.events).toEqual([]);

    const get = await call(server, 'GET', '/admin/api/hubs/Elsewhere');
    expect(get.body.eventHandlerStatus).toEqual([expect.objectContaining({ validation: 'invalid' })]);
  });

  it('marks a handler that answers the probe with an error status invalid', async () => {
    const app = await handler('Misrouted', [server.baseUrl]);
    // The express middleware is mounted under /api/webpubsub/hubs/{hub}/ only: 404 here.
    const put = await putHandler('Misrouted', `${app.origin}/somewhere/else/{event}`);
    expect(put.body.eventHandlerStatus).toEqual([
      expect.objectContaining({ validation: 'invalid', error: 'AbuseProtectionResponseInvalidStatusCode', message: expect.stringContaining('404') }),
    ]);
    expect(await connectionStatus('Misrouted')).toBe(500);
  });

  it('marks an unreachable handler invalid', async () => {
    const port = await freePort();
    const put = await putHandler('Unreachable', `http://127.0.0.1:${port}/api/webpubsub/hubs/{hub}/{event}`);
    expect(put.status).toBe(201);
    expect(put.body.eventHandlerStatus).toEqual([expect.objectContaining({ validation: 'invalid', error: 'AbuseProtectionResponseFailed' })]);
    // "unreachable", never the socket error: that would tell a caller which local ports are open.
    expect(put.body.eventHandlerStatus[0].message).toMatch(/failed: unreachable\.$/);
    expect(JSON.stringify(put.body)).not.toMatch(/ECONN|Expected HTTP/);
    expect(await connectionStatus('Unreachable')).toBe(500);
  });

  it('probes again when the settings are saved again, and a fixed handler gets events', async () => {
    const wrong = await handler('Fixed', ['https://other-service.webpubsub.azure.com']);
    expect((await putHandler('Fixed', wrong.urlTemplate)).body.eventHandlerStatus[0].validation).toBe('invalid');
    expect(await connectionStatus('Fixed')).toBe(500);

    const right = await handler('Fixed', [server.baseUrl]);
    const put = await putHandler('Fixed', right.urlTemplate);
    expect(put.status).toBe(200);
    expect(put.body.eventHandlerStatus).toEqual([expect.objectContaining({ urlTemplate: right.urlTemplate, validation: 'valid' })]);
    expect(await connectionStatus('Fixed')).toBeNull();
    expect(right.events).toHaveLength(1);
    expect(wrong.events).toEqual([]);
  });

  it('leaves other hubs working', async () => {
    expect(await connectionStatus('Checked')).toBeNull();
    expect(await connectionStatus('NoHandlers')).toBeNull();
  });

  it('reports no status for a hub without handlers', async () => {
    const answer = await call(server, 'GET', '/admin/api/hubs/NoHandlers');
    expect(answer.body.eventHandlerStatus).toBeUndefined();
  });
});
