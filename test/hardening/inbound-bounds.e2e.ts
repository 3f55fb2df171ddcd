import { readFileSync } from 'node:fs';
import { generate, type Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { EventHandlerApp } from '../upstream/event-handler-app';

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) * 1024;
}

/**
 * Frames behind a slow event handler are bounded (issue "Hardening", item 3): the socket stops
 * being read instead of the server buffering everything the client sends.
 */
describe('inbound frames behind a slow event handler', () => {
  let server: TestServer;
  let app: EventHandlerApp;
  const release: Array<() => void> = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { UPSTREAM_TIMEOUT_MS: '60000' } });
    app = await EventHandlerApp.start({
      hub: 'inbound',
      allowedEndpoints: [server.baseUrl],
      handler: {
        handleUserEvent: (_request, response) => void release.push(() => response.success()),
      },
    });
    const put = await call(server, 'PUT', '/admin/api/hubs/inbound', {
      body: { properties: { eventHandlers: [{ urlTemplate: app.urlTemplate, userEventPattern: '*' }] } },
    });
    expect(put.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('pauses a native client that sends 200 MB behind a pending event, then serves it all in order', async () => {
    const url = await clientUrl(server, 'inbound', { roles: ['webpubsub.sendToGroup'] });
    const client = await RawClient.open(url, 'json.webpubsub.azure.v1');
    await client.nextJson();
    const before = rssBytes(server.pid!);
    client.send({ type: 'event', event: 'slow', dataType: 'text', data: 'hold', ackId: 1 });
    await until(() => release.length === 1);
    const big = 'x'.repeat(1000 * 1000);
    for (let i = 0; i < 200; i++) client.send(`{"type":"sendToGroup","group":"nobody","dataType":"text","data":"${big}","ackId":${i + 2}}`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const grown = rssBytes(server.pid!) - before;
    expect(grown).toBeLessThan(100 * 1024 * 1024);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);

    release.shift()!();
    const acks: number[] = [];
    while (acks.length < 201) acks.push((await client.nextJson(20_000)).ackId);
    expect(acks).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
    client.close();
  }, 60_000);

  it('pauses an MQTT client that publishes behind a pending user event', async () => {
    const { url } = await serviceClient(server, 'inbound').getClientAccessToken({ clientProtocol: 'mqtt', roles: ['webpubsub.sendToGroup'] });
    const ws = new WebSocket(url, 'mqtt');
    await new Promise((resolve) => ws.once('open', resolve));
    const before = rssBytes(server.pid!);
    ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'flooder', clean: true, keepalive: 60 } as Packet, { protocolVersion: 5 }));
    ws.send(generate({ cmd: 'publish', topic: '$webpubsub/server/events/slow', payload: Buffer.from('hold'), qos: 0, retain: false, dup: false } as Packet, { protocolVersion: 5 }));
    await until(() => release.length === 1);
    const payload = Buffer.alloc(900 * 1000, 1);
    for (let i = 0; i < 200; i++) ws.send(generate({ cmd: 'publish', topic: 'nobody', payload, qos: 0, retain: false, dup: false } as Packet, { protocolVersion: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(rssBytes(server.pid!) - before).toBeLessThan(100 * 1024 * 1024);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    release.shift()!();
    // Everything it sent is read once the event is answered: the socket drains and stays open.
    await until(() => ws.bufferedAmount === 0, 30_000);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  }, 60_000);
});
