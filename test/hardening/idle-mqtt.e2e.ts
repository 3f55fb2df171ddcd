import mqtt from 'mqtt';
import { serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { TcpProxy } from '../harness/tcp-proxy';
import { untilAsync } from '../harness/until';

/**
 * An MQTT 5 client with Keep Alive 0 whose network vanishes without a FIN is still found
 * (issue "Hardening", item 4): WebSocket pings go unanswered and the session ends.
 */
describe('MQTT sessions without keep-alive', () => {
  let server: TestServer;
  let network: TcpProxy;

  beforeAll(async () => {
    server = await TestServer.start({ env: { MQTT_IDLE_PING_SECONDS: '1' } });
    network = await TcpProxy.start(server.port);
  });

  afterAll(async () => {
    await network?.close();
    await server?.stop();
  });

  it('ends a session whose peer stopped answering, and keeps one that answers', async () => {
    const service = serviceClient(server, 'idle');
    const { url } = await service.getClientAccessToken({ clientProtocol: 'mqtt' });
    const healthy = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'healthy', keepalive: 0, reconnectPeriod: 0 });
    const viaProxy = url.replace(`localhost:${server.port}`, `localhost:${network.port}`);
    const vanishing = await mqtt.connectAsync(viaProxy, { protocolVersion: 5, clientId: 'vanishing', keepalive: 0, reconnectPeriod: 0 });
    expect(await service.connectionExists('vanishing')).toBe(true);

    network.freeze();
    await untilAsync(async () => !(await service.connectionExists('vanishing')), 10_000);
    const listed = await call(server, 'GET', '/admin/api/connections?hub=idle');
    expect(listed.body.value.map((row: { connectionId: string }) => row.connectionId)).toEqual(['healthy']);
    // The one that answers pings stays, well past several ping intervals.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await service.connectionExists('healthy')).toBe(true);
    healthy.end(true);
    vanishing.end(true);
  });
});
