import { WebPubSubClient } from '@azure/web-pubsub-client';
import type { MqttClient } from 'mqtt';
import { clientUrl, serviceClient } from '../harness/clients';
import { describeCluster, REDIS_URL, TestCluster } from '../harness/cluster';
import { call } from '../harness/management';
import { mqttConnect } from '../harness/mqtt-clients';
import { killRedisClients } from '../harness/redis';
import { TcpProxy } from '../harness/tcp-proxy';
import { until, untilAsync } from '../harness/until';
import { SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describeCluster('a node that dies', () => {
  let cluster: TestCluster;
  const clients: Array<{ stop(): void }> = [];

  beforeAll(async () => {
    cluster = await TestCluster.start(3);
  });

  afterAll(async () => {
    for (const client of clients) client.stop();
    await cluster?.stop();
  });

  it('is noticed within 10 s: its connections, groups and users leave every answer', async () => {
    const [alive, other, doomed] = cluster.nodes;
    const native = new WebPubSubClient(await clientUrl(doomed, 'fate', { userId: 'ghost', groups: ['haunted'] }), SDK_CLIENT_OPTIONS);
    clients.push(native);
    await native.start();
    const device: MqttClient = await mqttConnect(doomed, 'fate', { clientId: 'ghostdevice', version: 5, userId: 'ghost-mqtt', roles: allRoles });
    clients.push({ stop: () => device.end(true) });
    await device.subscribeAsync('haunted-mqtt', { qos: 1 });
    const survivor = new WebPubSubClient(await clientUrl(other, 'fate', { userId: 'survivor', groups: ['haunted'] }), SDK_CLIENT_OPTIONS);
    clients.push(survivor);
    await survivor.start();

    const service = serviceClient(alive, 'fate');
    expect(await service.userExists('ghost')).toBe(true);
    expect(await service.connectionExists('ghostdevice')).toBe(true);
    expect(await service.groupExists('haunted-mqtt')).toBe(true);
    expect((await call(alive, 'GET', '/admin/api/nodes')).body.value).toHaveLength(3);

    await doomed.kill();
    const killedAt = Date.now();
    let gone = false;
    while (!gone && Date.now() - killedAt < 10_000) {
      gone = !(await service.userExists('ghost')) && !(await service.connectionExists('ghostdevice')) && !(await service.groupExists('haunted-mqtt'));
      if (!gone) await new Promise((r) => setTimeout(r, 200));
    }
    expect(gone).toBe(true);
    const noticedAfter = Date.now() - killedAt;
    expect(noticedAfter).toBeLessThan(10_000);

    // Every answer of the living nodes agrees: admin list, group members, the nodes themselves.
    for (const node of [alive, other]) {
      const listed = await call(node, 'GET', '/admin/api/connections?hub=fate');
      expect(listed.body.value.map((row: { userId: string }) => row.userId)).toEqual(['survivor']);
      const members: string[] = [];
      for await (const member of await serviceClient(node, 'fate').group('haunted').listConnections()) members.push(member.userId ?? '');
      expect(members).toEqual(['survivor']);
    }
    let nodes: string[] = [];
    while (Date.now() - killedAt < 10_000) {
      nodes = (await call(alive, 'GET', '/admin/api/nodes')).body.value.map((node: { nodeId: string }) => node.nodeId);
      if (nodes.length === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(nodes).toHaveLength(2);
    expect(nodes).not.toContain(`${cluster.nodeIdPrefix}3`);
  });
});

describeCluster('when Redis goes away', () => {
  let cluster: TestCluster;
  let network: TcpProxy;
  const clients: WebPubSubClient[] = [];

  beforeAll(async () => {
    network = await TcpProxy.start(Number(new URL(REDIS_URL).port || 6379));
    cluster = await TestCluster.start(2, { redisUrl: `redis://127.0.0.1:${network.port}` });
  });

  afterAll(async () => {
    for (const client of clients) client.stop();
    await cluster?.stop();
    await network?.close();
  });

  async function member(node: number, userId: string) {
    const client = new WebPubSubClient(await clientUrl(cluster.nodes[node], 'weather', { userId, roles: ['webpubsub.sendToGroup', 'webpubsub.joinLeaveGroup'] }), SDK_CLIENT_OPTIONS);
    clients.push(client);
    const inbox: string[] = [];
    client.on('group-message', (event) => inbox.push(event.message.data as string));
    await client.start();
    await client.joinGroup('storm');
    return { client, inbox };
  }

  it('each node serves its own clients, /readyz says Redis is down, and cross-node traffic resumes when it returns', async () => {
    const a = await member(0, 'a');
    const aa = await member(0, 'aa');
    const b = await member(1, 'b');
    await a.client.sendToGroup('storm', 'before', 'text');
    await until(() => b.inbox.includes('before') && aa.inbox.includes('before'));

    network.cut();
    for (const node of cluster.nodes) {
      let ready: { status: number; body: { redis?: string } } = { status: 200, body: {} };
      const cutAt = Date.now();
      while (ready.status === 200 && Date.now() - cutAt < 5000) {
        const response = await fetch(`${node.baseUrl}/readyz`);
        ready = { status: response.status, body: (await response.json()) as { redis?: string } };
      }
      expect(ready).toEqual({ status: 503, body: expect.objectContaining({ redis: 'down' }) });
    }
    // Clients on one node keep reaching each other, and REST on that node keeps answering.
    await a.client.sendToGroup('storm', 'local while cut', 'text');
    await until(() => aa.inbox.includes('local while cut'));
    expect(await serviceClient(cluster.nodes[0], 'weather').userExists('a')).toBe(true);

    network.restore();
    await untilAsync(async () => (await fetch(`${cluster.nodes[0].baseUrl}/readyz`)).status === 200 && (await fetch(`${cluster.nodes[1].baseUrl}/readyz`)).status === 200);
    await untilAsync(async () => {
      await a.client.sendToGroup('storm', 'healed', 'text');
      await new Promise((r) => setTimeout(r, 100));
      return b.inbox.includes('healed');
    });
    await untilAsync(() => serviceClient(cluster.nodes[0], 'weather').userExists('b'));
  });

  it('heals after CLIENT KILL of every node connection', async () => {
    const a = await member(0, 'killed-a');
    const b = await member(1, 'killed-b');
    expect(await killRedisClients(`switchboard-${cluster.nodeIdPrefix}`)).toBeGreaterThanOrEqual(4);
    await untilAsync(async () => {
      await b.client.sendToGroup('storm', 'after kill', 'text');
      await new Promise((r) => setTimeout(r, 100));
      return a.inbox.includes('after kill');
    });
    await untilAsync(() => serviceClient(cluster.nodes[0], 'weather').userExists('killed-b'));
  });
});
