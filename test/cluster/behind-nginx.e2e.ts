import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import type { MqttClient } from 'mqtt';
import { serviceClient } from '../harness/clients';
import { describeCluster, TestCluster } from '../harness/cluster';
import { freePort } from '../harness/free-port';
import { call } from '../harness/management';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { until, untilAsync } from '../harness/until';
import { SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const README_CONFIG = resolve(__dirname, '../../docs/cluster/nginx.conf');

/** CI installs nginx (.ci/run); a developer machine without it skips this suite. */
const describeWithNginx = existsSync(NGINX) || process.env.CI === 'true' ? describeCluster : describe.skip;

/**
 * The README's nginx configuration, as shipped, in front of three nodes (only its ports and file
 * paths changed): the official SDKs and MQTT.js see one service.
 */
describeWithNginx('three nodes behind the README nginx configuration', () => {
  let cluster: TestCluster;
  let nginx: ChildProcess;
  let directory: string;
  let balancer: number;
  const clients: WebPubSubClient[] = [];
  const devices: MqttClient[] = [];

  beforeAll(async () => {
    balancer = await freePort();
    cluster = await TestCluster.start(3, { env: { PUBLIC_ENDPOINT: `http://localhost:${balancer}` } });
    directory = mkdtempSync(join(tmpdir(), 'switchboard-nginx-'));
    let config = readFileSync(README_CONFIG, 'utf8')
      .replace('listen 127.0.0.1:8080;', `listen 127.0.0.1:${balancer};`)
      .replace(/\/tmp\/switchboard-nginx/g, join(directory, 'nginx'));
    cluster.nodes.forEach((node, i) => (config = config.replace(`server 127.0.0.1:${8081 + i};`, `server 127.0.0.1:${node.port};`)));
    writeFileSync(join(directory, 'nginx.conf'), config);
    nginx = spawn(NGINX, ['-c', join(directory, 'nginx.conf'), '-p', directory, '-g', 'daemon off;'], { stdio: 'inherit' });
    await untilAsync(async () => (await fetch(`http://127.0.0.1:${balancer}/healthz`).catch(() => null))?.status === 200);
  });

  afterAll(async () => {
    for (const client of clients) client.stop();
    for (const device of devices) device.end(true);
    nginx?.kill('SIGTERM');
    await cluster?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('spreads clients over the nodes, and a group message reaches each of them once', async () => {
    const service = serviceClient(cluster.nodes[0], 'balanced');
    expect(service.endpoint).toBe(`http://localhost:${balancer}/`);
    const inboxes: string[][] = [];
    for (let i = 0; i < 6; i++) {
      const { url } = await service.getClientAccessToken({ userId: `web-${i}`, roles: ['webpubsub.joinLeaveGroup'] });
      expect(url.startsWith(`ws://localhost:${balancer}/`)).toBe(true);
      const client = new WebPubSubClient(url, SDK_CLIENT_OPTIONS);
      clients.push(client);
      const inbox: string[] = [];
      client.on('group-message', (event) => inbox.push(event.message.data as string));
      await client.start();
      await client.joinGroup('everyone');
      inboxes.push(inbox);
    }
    const device = await mqttConnect(cluster.nodes[0], 'balanced', { clientId: 'balanced1', version: 5, userId: 'device', roles: ['webpubsub.joinLeaveGroup'] });
    devices.push(device);
    const deviceInbox = mqttInbox(device);
    await device.subscribeAsync('everyone', { qos: 1 });

    // Round robin put connections on every node.
    const nodes = await untilNodes(cluster, 7);
    expect(nodes.every((count) => count > 0)).toBe(true);

    for (let i = 0; i < 10; i++) await service.group('everyone').sendToAll(`hello-${i}`, { contentType: 'text/plain' });
    const expected = Array.from({ length: 10 }, (_, i) => `hello-${i}`);
    await until(() => inboxes.every((inbox) => inbox.length >= 10) && deviceInbox.length >= 10);
    await new Promise((r) => setTimeout(r, 200));
    for (const inbox of inboxes) expect(inbox).toEqual(expected);
    expect(deviceInbox.map((m) => m.payload)).toEqual(expected);
    expect(await service.userExists('web-5')).toBe(true);
  });
});

/** Connections per node as the Nodes page shows them, once their sum is `total`. */
async function untilNodes(cluster: TestCluster, total: number): Promise<number[]> {
  let counts: number[] = [];
  await untilAsync(async () => {
    const answer = await call(cluster.nodes[0], 'GET', '/admin/api/nodes');
    counts = answer.body.value.map((node: { connections: number }) => node.connections);
    return counts.reduce((a, b) => a + b, 0) === total;
  });
  return counts;
}
