import { WebPubSubClient, type GroupStream, type GroupStreamMessage } from '@azure/web-pubsub-client';
import { clientUrl } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { TcpProxy } from '../harness/tcp-proxy';
import { until } from '../harness/until';

/**
 * A group stream crosses the cluster port like any group message (client-protocols-2026.md §2),
 * and a reliable publisher whose recovery lands on another node takes its open stream along.
 */
describeCluster('group streams across nodes', () => {
  let cluster: TestCluster;
  let balancer: TcpProxy;
  const quiet = { keepAliveIntervalInMs: 0, keepAliveTimeoutInMs: 0 };

  beforeAll(async () => {
    cluster = await TestCluster.start(2, { env: { RELIABLE_RECOVERY_SECONDS: '30' } });
    balancer = await TcpProxy.start(cluster.nodes[0].port);
  });

  afterAll(async () => {
    await balancer?.close();
    await cluster?.stop();
  });

  it('reaches members on the other node, in order, and goes on after the publisher moves there', async () => {
    const [first, second] = cluster.nodes;
    const member = new WebPubSubClient(await clientUrl(second, 'flow', { userId: 'member', groups: ['out'] }), quiet);
    const direct = await clientUrl(first, 'flow', { userId: 'writer', roles: ['webpubsub.sendToGroup'] });
    const publisher = new WebPubSubClient(direct.replace(`localhost:${first.port}`, `localhost:${balancer.port}`), quiet);
    const received: unknown[] = [];
    let ended = false;
    member.onGroupStream(async (stream: GroupStream) => {
      for await (const message of stream as AsyncIterable<GroupStreamMessage>) received.push(message.data);
      ended = true;
    });
    const connectionIds: string[] = [];
    publisher.on('connected', (event) => connectionIds.push(event.connectionId));
    try {
      await member.start();
      await publisher.start();
      const writer = await publisher.openGroupStream('out');
      for (let i = 1; i <= 10; i++) await writer.write(`before-${i}`, 'text');
      await until(() => received.length === 10);

      // The publisher's TCP connection drops and its recovery reaches the second node.
      balancer.target = second.port;
      balancer.dropAll();
      await until(() => balancer.relayed === 2);
      for (let i = 1; i <= 10; i++) await writer.write(`after-${i}`, 'text');
      await writer.end();

      await until(() => ended);
      expect(received).toEqual([...Array.from({ length: 10 }, (_, i) => `before-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `after-${i + 1}`)]);
      expect(connectionIds).toHaveLength(1);
      expect(publisher['_connectionId']).toBe(connectionIds[0]);
    } finally {
      publisher.stop();
      member.stop();
    }
  });
});
