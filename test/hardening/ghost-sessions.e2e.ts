import type { ConnectedRequest } from '@azure/web-pubsub-express';
import { generate, type Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import { serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp } from '../upstream/event-handler-app';

/**
 * A client that leaves while the connect handler is still answering is never registered
 * (issue "Hardening", item 4): REST, the dashboard and the handler agree it never connected.
 */
describe('no ghost MQTT sessions', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  const connected: ConnectedRequest[] = [];
  let answered = 0;

  beforeAll(async () => {
    server = await TestServer.start();
    app = await EventHandlerApp.start({
      hub: 'ghosts',
      allowedEndpoints: [server.baseUrl],
      handler: {
        handleConnect: (_request, response) => {
          setTimeout(() => {
            answered++;
            response.success();
          }, 800);
        },
        onConnected: (request) => void connected.push(request),
      },
    });
    const put = await call(server, 'PUT', '/admin/api/hubs/ghosts', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, systemEvents: ['connect', 'connected'] }] } },
    });
    expect(put.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  // 3.1.1 keep alive must be 1-180 s here (Azure's rule), so only v5 can ask for none.
  it.each([
    [4, 30],
    [5, 0],
  ] as const)('is not registered when its socket closed during the connect event (v%d, keep-alive %d)', async (version, keepalive) => {
    const { url } = await serviceClient(server, 'ghosts').getClientAccessToken({ clientProtocol: 'mqtt' });
    const ws = new WebSocket(url, 'mqtt');
    await new Promise((resolve) => ws.once('open', resolve));
    const before = answered;
    ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clientId: `ghost${version}`, clean: true, keepalive } as Packet, { protocolVersion: version }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    ws.terminate();
    await until(() => answered === before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await serviceClient(server, 'ghosts').connectionExists(`ghost${version}`)).toBe(false);
    const listed = await call(server, 'GET', '/admin/api/connections?hub=ghosts');
    expect(listed.body.value).toEqual([]);
    expect(connected.filter((event) => event.context.connectionId === `ghost${version}`)).toEqual([]);
  });
});
