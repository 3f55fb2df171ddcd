import type { UserEventRequest, UserEventResponseHandler } from '@azure/web-pubsub-express';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { clientUrl, RawClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp, SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

/**
 * `invokeEvent` of the newest @azure/web-pubsub-client against an app written with the real
 * @azure/web-pubsub-express (client-protocols-2026.md §1): every invocation gets its answer.
 */
describe('invoke', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  let client: WebPubSubClient;
  /** Requests held back by the handler until a test releases them. */
  const held = new Map<string, (() => void) | undefined>();
  /** Upstream requests the server gave up on (the client cancelled), by event. */
  const abandoned: string[] = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { UPSTREAM_TIMEOUT_MS: '1500' } });
    app = await EventHandlerApp.start({
      hub: 'invoke',
      allowedEndpoints: [server.baseUrl],
      before: (express) =>
        express.use((request, _response, next) => {
          request.on('close', () => {
            if (!_response.writableFinished) abandoned.push(String(request.headers['ce-eventname']));
          });
          next();
        }),
      handler: {
        handleUserEvent(request: UserEventRequest, response: UserEventResponseHandler) {
          switch (request.context.eventName) {
            case 'echo':
              return response.success(request.data as string, request.dataType);
            case 'json':
              return response.success(JSON.stringify({ received: request.data }), 'json');
            case 'bytes':
              // Typed ArrayBuffer, but the SDK hands it to res.end(), which takes only a Buffer.
              return response.success(Buffer.from([1, 2, 3]) as unknown as ArrayBuffer, 'binary');
            case 'nothing':
              return response.success();
            case 'refuse':
              return response.fail(400, 'orderId unknown');
            case 'crash':
              return response.fail(500, 'the handler broke');
            case 'slow':
              held.set('slow', () => response.success('slow done', 'text'));
              return;
            case 'hang':
              held.set('hang', undefined);
              return;
          }
        },
      },
    });
    const put = await call(server, 'PUT', '/admin/api/hubs/invoke', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, userEventPattern: 'echo,json,bytes,nothing,refuse,crash,slow,hang,timeout' }] } },
    });
    expect(put.status).toBe(201);
    client = new WebPubSubClient(await clientUrl(server, 'invoke', { userId: 'caller' }), SDK_CLIENT_OPTIONS);
    await client.start();
  });

  afterAll(async () => {
    client?.stop();
    await app?.close();
    await server?.stop();
  });

  it('answers with text, json and binary data, and with none', async () => {
    expect(await client.invokeEvent('echo', 'ping', 'text')).toMatchObject({ dataType: 'text', data: 'ping' });
    expect(await client.invokeEvent('json', { orderId: 1 }, 'json')).toMatchObject({ dataType: 'json', data: { received: { orderId: 1 } } });
    const bytes = await client.invokeEvent('bytes', new Uint8Array([9]).buffer, 'binary');
    expect(bytes.dataType).toBe('binary');
    expect([...new Uint8Array(bytes.data as ArrayBuffer)]).toEqual([1, 2, 3]);
    const empty = await client.invokeEvent('nothing', 'x', 'text');
    expect(empty.data).toBeUndefined();
  });

  it('answers two invocations in flight in the order their answers come', async () => {
    const slow = client.invokeEvent('slow', 'a', 'text');
    await until(() => held.has('slow'));
    const fast = await client.invokeEvent('echo', 'fast', 'text');
    expect(fast.data).toBe('fast');
    held.get('slow')!();
    expect((await slow).data).toBe('slow done');
  });

  it('fails with the handler error, for an event no handler takes, and on a timeout; the connection goes on', async () => {
    await expect(client.invokeEvent('refuse', 'x', 'text')).rejects.toThrow('orderId unknown');
    await expect(client.invokeEvent('crash', 'x', 'text')).rejects.toThrow('the handler broke');
    await expect(client.invokeEvent('unknown-event', 'x', 'text')).rejects.toThrow("takes event 'unknown-event'");
    await expect(client.invokeEvent('timeout', 'x', 'text')).rejects.toThrow();
    expect((await client.invokeEvent('echo', 'still here', 'text')).data).toBe('still here');
  });

  it('cancels through the abort signal: the upstream call is dropped and the connection goes on', async () => {
    const controller = new AbortController();
    const pending = client.invokeEvent('hang', 'x', 'text', { abortSignal: controller.signal });
    await until(() => held.has('hang'));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => abandoned.includes('hang'));
    expect((await client.invokeEvent('echo', 'after cancel', 'text')).data).toBe('after cancel');
  });

  it('answers a malformed invoke on the wire with BadRequest and keeps the socket open', async () => {
    const raw = await RawClient.open(await clientUrl(server, 'invoke'), 'json.webpubsub.azure.v1');
    await raw.nextJson();
    raw.send({ type: 'invoke', invocationId: 'x1', target: 'group', event: 'echo' });
    expect(await raw.nextJson()).toMatchObject({ type: 'invokeResponse', invocationId: 'x1', success: false, error: { name: 'BadRequest' } });
    raw.send({ type: 'invoke', invocationId: 'x2', event: 'echo', dataType: 'text', data: 'raw' });
    expect(await raw.nextJson()).toEqual({ type: 'invokeResponse', invocationId: 'x2', success: true, dataType: 'text', data: 'raw' });
    raw.close();
  });
});
