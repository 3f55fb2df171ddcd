import { clientUrl, RawClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';

describe('keep-alive', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    const answer = await call(server, 'PUT', '/admin/api/hubs/pulse', { body: { properties: { webSocketKeepAliveIntervalInSeconds: 1 } } });
    expect(answer.status).toBe(201);
  });

  afterAll(() => server?.stop());

  it('pings at the hub interval and drops a client that stays silent for three of them', async () => {
    const url = await clientUrl(server, 'pulse', { userId: 'u' });
    const answering = await RawClient.open(url, 'json.webpubsub.azure.v1');
    const silent = await RawClient.open(url, 'json.webpubsub.azure.v1', { autoPong: false });
    let pings = 0;
    answering.ws.on('ping', () => pings++);
    const started = Date.now();
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(pings).toBeGreaterThanOrEqual(2);
    // The client that answers pings is still there.
    answering.send({ type: 'ping' });
    await answering.next();
    expect(await answering.nextJson()).toEqual({ type: 'pong' });
    answering.close();
  });
});
