import { WebPubSubClient, type OnServerDataMessageArgs } from '@azure/web-pubsub-client';
import { clientUrl, RawClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp, SDK_CLIENT_OPTIONS } from './event-handler-app';

const TIMEOUT_MS = 1000;
const JSON_V1 = 'json.webpubsub.azure.v1';

/**
 * Event handlers that hang, fail, answer garbage or vanish (spec/upstream-events.md §3-§6): the
 * connection they concern is refused (connect: 4xx as is, anything else 500) or closed (user
 * event), while other clients and other hubs carry on.
 */
describe('misbehaving event handlers', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  let good: EventHandlerApp;
  const hanging = new Set<() => void>();
  const connectedAttempts: string[] = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
    app = await EventHandlerApp.start({
      hub: 'bad',
      allowedEndpoints: [server.baseUrl],
      before: (express) => {
        // Plain express, no SDK: a handler whose answers the SDK would never produce.
        express.post('/raw/hubs/:hub/connect', (request, response) => {
          response.status(200).type('application/json').send('{"userId": "half');
        });
        express.options(['/raw/hubs/:hub/validate', '/flaky/hubs/:hub/validate'], (_request, response) => {
          response.set('WebHook-Allowed-Origin', '*').end();
        });
        // `connected` answered 503 the first time, 200 after: the event is tried again (§5).
        express.post('/flaky/hubs/:hub/connected', (request, response) => {
          connectedAttempts.push(String(request.headers['ce-connectionid']));
          response.status(connectedAttempts.length === 1 ? 503 : 200).end();
        });
      },
      handler: {
        handleConnect(request, response) {
          switch (request.queries?.behave?.[0]) {
            case 'hang':
              hanging.add(() => response.success());
              return;
            case 'crash':
              return response.fail(500, 'the database is down');
            default:
              return response.success();
          }
        },
        handleUserEvent(request, response) {
          switch (request.context.eventName) {
            case 'crash':
              return response.fail(500, 'boom');
            case 'refuse':
              return response.fail(400, 'not like that');
            case 'hang':
              hanging.add(() => response.success());
              return;
            case 'message':
              // A simple client's frame: `fail` fails, anything else is echoed.
              return request.data === 'fail' ? response.fail(500, 'cannot take that') : response.success(String(request.data), 'text');
            default:
              return response.success(String(request.data), 'text');
          }
        },
      },
    });
    good = await EventHandlerApp.start({
      hub: 'good',
      allowedEndpoints: [server.baseUrl],
      handler: {
        handleConnect: (_request, response) => response.success(),
        handleUserEvent: (request, response) => response.success(`good: ${request.data}`, 'text'),
      },
    });
    await configure('bad', [{ urlTemplate: app.urlTemplate, userEventPattern: '*', systemEvents: ['connect'] }]);
    await configure('good', [{ urlTemplate: good.urlTemplate, userEventPattern: '*', systemEvents: ['connect'] }]);
  });

  afterAll(async () => {
    for (const release of hanging) release();
    await app?.close();
    await good?.close();
    await server?.stop();
  });

  async function configure(hub: string, eventHandlers: object[]): Promise<void> {
    const put = await call(server, 'PUT', `/admin/api/hubs/${hub}`, { body: { properties: { eventHandlers } } });
    expect(put.status).toBeLessThan(300);
    expect(put.body.eventHandlerStatus.every((status: { validation: string }) => status.validation === 'valid')).toBe(true);
  }

  async function url(hub: string, query = ''): Promise<string> {
    return (await clientUrl(server, hub, { userId: 'someone' })) + query;
  }

  /** A client of the good hub that sends an event and gets its answer: the proof others carry on. */
  async function goodHubStillAnswers(): Promise<void> {
    const client = new WebPubSubClient(await url('good'), SDK_CLIENT_OPTIONS);
    const answers: OnServerDataMessageArgs['message'][] = [];
    client.on('server-message', (event) => answers.push(event.message));
    try {
      await client.start();
      await client.sendEvent('ping', 'still there?', 'text');
      await until(() => answers.length === 1);
      expect(answers[0].data).toBe('good: still there?');
    } finally {
      client.stop();
    }
  }

  describe('connect', () => {
    it('refuses with 500 when the handler does not answer in time, without holding up others', async () => {
      const startedAt = Date.now();
      const refusal = RawClient.refusal(await url('bad', '&behave=hang'));
      await goodHubStillAnswers();
      expect(await RawClient.refusal(await url('bad'))).toBeNull();
      expect(await refusal).toBe(500);
      const elapsed = Date.now() - startedAt;
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 2000);
    });

    it('refuses with 500 when the handler answers 500', async () => {
      expect(await RawClient.refusal(await url('bad', '&behave=crash'))).toBe(500);
      await goodHubStillAnswers();
    });

    it('refuses with 500 when the handler answers 200 with broken JSON', async () => {
      await configure('garbled', [{ urlTemplate: `${app.origin}/raw/hubs/{hub}/{event}`, systemEvents: ['connect'] }]);
      expect(await RawClient.refusal(await url('garbled'))).toBe(500);
    });

    it('refuses with 500 when the handler has gone away since it was validated', async () => {
      const gone = await EventHandlerApp.start({ hub: 'vanished', allowedEndpoints: [server.baseUrl], handler: {} });
      await configure('vanished', [{ urlTemplate: gone.urlTemplate, systemEvents: ['connect', 'connected', 'disconnected'] }]);
      expect(await RawClient.refusal(await url('vanished'))).toBeNull();
      await gone.close();
      expect(await RawClient.refusal(await url('vanished'))).toBe(500);
      await goodHubStillAnswers();
    });
  });

  describe('user events', () => {
    it.each([
      ['answers 500', 'crash', 'boom'],
      ['answers 400', 'refuse', 'not like that'],
      ['does not answer in time', 'hang', 'did not answer in time'],
    ])('closes the connection when the handler %s, and only that connection', async (_, event, reason) => {
      const bystander = await RawClient.open(await url('bad'), JSON_V1);
      const victim = await RawClient.open(await url('bad'), JSON_V1);
      expect(await victim.nextJson()).toMatchObject({ type: 'system', event: 'connected' });
      expect(await bystander.nextJson()).toMatchObject({ type: 'system', event: 'connected' });

      victim.send({ type: 'event', event, ackId: 1, dataType: 'text', data: 'x' });
      const ack = await victim.nextJson(TIMEOUT_MS + 3000);
      expect(ack).toMatchObject({ type: 'ack', ackId: 1, success: false, error: { name: 'InternalServerError' } });
      expect(ack.error.message).toContain(reason);
      const disconnected = await victim.nextJson();
      expect(disconnected).toMatchObject({ type: 'system', event: 'disconnected' });
      expect(disconnected.message).toContain(reason);
      expect((await victim.closed).code).toBe(1008);

      bystander.send({ type: 'event', event: 'echo', ackId: 1, dataType: 'text', data: 'still here' });
      expect(await bystander.nextJson()).toMatchObject({ type: 'message', from: 'server', dataType: 'text', data: 'still here' });
      expect(await bystander.nextJson()).toMatchObject({ type: 'ack', ackId: 1, success: true });
      bystander.close();
    });

    it('closes a simple client whose message event fails', async () => {
      const client = await RawClient.open(await url('bad'));
      const other = await RawClient.open(await url('bad'));
      client.send('fine');
      expect(await client.next()).toEqual({ data: 'fine', binary: false });
      client.send('fail');
      expect((await client.closed).code).toBe(1008);
      other.send('still fine');
      expect(await other.next()).toEqual({ data: 'still fine', binary: false });
      other.close();
    });
  });

  describe('connected', () => {
    it('tries a failed connected event again', async () => {
      await configure('flaky', [{ urlTemplate: `${app.origin}/flaky/hubs/{hub}/{event}`, systemEvents: ['connected'] }]);
      const client = await RawClient.open(await url('flaky'), JSON_V1);
      const { connectionId } = await client.nextJson();
      // The first retry waits 1 s (UNBLOCKING_EVENT_RETRY_DELAYS_MS).
      await until(() => connectedAttempts.length === 2, 5000);
      expect(connectedAttempts).toEqual([connectionId, connectionId]);
      client.close();
    });
  });
});
