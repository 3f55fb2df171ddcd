import { WebPubSubClient } from '@azure/web-pubsub-client';
import { clientUrl } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { call } from '../harness/management';
import { TcpProxy } from '../harness/tcp-proxy';
import { until } from '../harness/until';

/**
 * A load balancer with no sticky sessions (a TCP relay here) sends a reliable client's recovery
 * to another node than the one holding its session, while that node lives.
 */
describeCluster('json.reliable recovery on another node', () => {
  let cluster: TestCluster;
  let balancer: TcpProxy;

  beforeAll(async () => {
    cluster = await TestCluster.start(2, { env: { RELIABLE_RECOVERY_SECONDS: '30' } });
    balancer = await TcpProxy.start(cluster.nodes[0].port);
  });

  afterAll(async () => {
    await balancer?.close();
    await cluster?.stop();
  });

  it('keeps the connectionId and gets every message sent while away, once each, in order', async () => {
    const [first, second] = cluster.nodes;
    const quiet = { keepAliveIntervalInMs: 0, keepAliveTimeoutInMs: 0 };
    const direct = await clientUrl(first, 'roam', { userId: 'receiver', roles: ['webpubsub.joinLeaveGroup'] });
    const throughBalancer = direct.replace(`localhost:${first.port}`, `localhost:${balancer.port}`);
    expect(throughBalancer).not.toBe(direct);
    const receiver = new WebPubSubClient(throughBalancer, quiet);
    const sender = new WebPubSubClient(await clientUrl(second, 'roam', { userId: 'sender', roles: ['webpubsub.sendToGroup'] }), quiet);
    const connectionIds: string[] = [];
    const received: string[] = [];
    let disconnects = 0;
    receiver.on('connected', (event) => connectionIds.push(event.connectionId));
    receiver.on('disconnected', () => disconnects++);
    receiver.on('group-message', (event) => received.push(event.message.data as string));
    try {
      await receiver.start();
      await sender.start();
      await receiver.joinGroup('feed');
      for (let i = 1; i <= 5; i++) await sender.sendToGroup('feed', `before-${i}`, 'text');
      await until(() => received.length === 5);

      // The balancer now routes to the second node, and the receiver's TCP connection drops.
      balancer.target = second.port;
      balancer.dropAll();
      // Sent while the session is away and while it moves: none may be lost or doubled.
      for (let i = 1; i <= 20; i++) await sender.sendToGroup('feed', `away-${i}`, 'text');
      await until(() => received.length >= 20);
      for (let i = 1; i <= 5; i++) await sender.sendToGroup('feed', `after-${i}`, 'text');

      await until(() => received.length >= 30);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toEqual([
        ...Array.from({ length: 5 }, (_, i) => `before-${i + 1}`),
        ...Array.from({ length: 20 }, (_, i) => `away-${i + 1}`),
        ...Array.from({ length: 5 }, (_, i) => `after-${i + 1}`),
      ]);
      expect(new Set(connectionIds).size).toBe(1);
      expect(disconnects).toBe(0);

      // One session in the whole cluster, as both nodes tell it: not one per node it touched.
      for (const node of cluster.nodes) {
        const listed = await call(node, 'GET', '/admin/api/connections?hub=roam&search=receiver');
        expect(listed.body.total).toBe(1);
      }
      await receiver.leaveGroup('feed');
    } finally {
      receiver.stop();
      sender.stop();
    }
  });
});
