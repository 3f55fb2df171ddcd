import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { clientUrl, RawClient } from '../harness/clients';
import { signFor } from '../harness/management';
import { loopDelaySeconds } from '../harness/event-loop';
import { TestServer } from '../harness/server';
import { until, untilAsync } from '../harness/until';

const STALLED = 600;
const BROADCASTS = 8000;
const MESSAGE_BYTES = 1024;
const SENDERS = 2;

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) * 1024;
}

/**
 * Cutting off slow consumers never freezes the server (issue "Hardening", item 1): clients that
 * never read are closed as their budget runs out, while the event loop keeps turning and a
 * healthy bystander gets every message. The campaign's scale was 2,000 clients and 10,000
 * broadcasts; this runs a CI-sized version of it.
 */
describe('slow consumers', () => {
  let server: TestServer;

  beforeAll(async () => {
    // A 2 MB budget: with 1 KB messages, still some two thousand of them owed per stalled client.
    // Info level: this suite measures the event loop under load, not the cost of a debug line per request.
    server = await TestServer.start({ env: { CLIENT_SEND_BUFFER_BYTES: String(2 * 1024 * 1024), LOG_LEVEL: 'info' } });
  });

  afterAll(() => server?.stop());

  it(`cuts ${STALLED} stalled clients during ${BROADCASTS} broadcasts without stalling the loop or losing a bystander's message`, async () => {
    const url = await clientUrl(server, 'flood');
    const bystander = await RawClient.open(url, 'json.webpubsub.azure.v1');
    await bystander.nextJson();
    let received = 0;
    bystander.ws.on('message', () => received++);

    const stalled: WebSocket[] = [];
    for (let i = 0; i < STALLED; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, 'json.webpubsub.azure.v1');
          ws.once('open', () => {
            // Reads nothing from now on: the server's writes pile up.
            (ws as unknown as { _socket: { pause(): void } })._socket.pause();
            resolve(ws);
          });
          ws.once('error', reject);
        })),
      );
      stalled.push(...batch);
    }
    for (const ws of stalled) ws.on('error', () => undefined);

    const rssBefore = rssBytes(server.pid!);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssBytes(server.pid!))), 100);
    await loopDelaySeconds(server);

    const path = '/api/hubs/flood/:send?api-version=2024-12-01';
    const authorization = `Bearer ${signFor(`${server.baseUrl}${path}`, server.accessKey)}`;
    const body = Buffer.alloc(MESSAGE_BYTES, 'x');
    // Two senders: a steady flood, not one that saturates the server's core by itself (what is
    // measured is what cutting the stalled clients costs, not the REST API at full load).
    const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'text/plain', 'content-length': body.length } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    let sent = 0;
    const statuses = await Promise.all(Array.from({ length: SENDERS }, async () => {
      const mine: number[] = [];
      while (sent++ < BROADCASTS) mine.push(await post());
      return mine;
    }));
    agent.destroy();
    expect(statuses.flat().every((status) => status === 202)).toBe(true);

    await until(() => received === BROADCASTS, 30_000);
    const delay = await loopDelaySeconds(server);
    clearInterval(sampler);
    // Every stalled client was cut off: only the bystander is left on the hub.
    await untilAsync(async () => (await (await fetch(`${server.baseUrl}/metrics`)).text()).includes(`switchboard_connections{hub="flood",protocol="json.webpubsub.azure.v1"} 1`), 15_000);

    // p99 within 100 ms; the max is held to 500 ms only, because on a shared 2-core CI machine the
    // other test worker can deschedule the server that long without any stall of its own. The
    // campaign's freeze was 77 s; bench/slow-consumers.mjs measures the max on a quiet machine.
    expect(delay.p99).toBeLessThan(0.1);
    expect(delay.max).toBeLessThan(0.5);
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);
    for (const ws of stalled) ws.terminate();
    bystander.close();
  }, 120_000);
});
