import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { clientUrl, serviceClient } from '../harness/clients';
import { call } from '../harness/management';
import { TestServer } from '../harness/server';
import { untilAsync } from '../harness/until';

/** A seeded generator: the same interleaving every run, different across seeds. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * After any interleaving of connects, disconnects, drops and take-overs, the admin API (what the
 * dashboard shows), REST and the clients themselves agree on who is connected (issue "Hardening",
 * item 3).
 */
describe('connection registry invariant', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  it.each([1, 2, 3])('holds after 60 random connects and disconnects (seed %d)', async (seed) => {
    const next = random(seed);
    const hub = `invariant${seed}`;
    const service = serviceClient(server, hub);
    const native = new Map<string, WebSocket>();
    const devices = new Map<string, MqttClient>();
    const live = new Set<string>();
    const work: Array<Promise<void>> = [];

    for (let step = 0; step < 60; step++) {
      const roll = next();
      if (roll < 0.35) {
        // A native client; a third of them vanish during the handshake.
        const ws = new WebSocket(await clientUrl(server, hub), 'json.webpubsub.azure.v1');
        ws.on('error', () => undefined);
        const vanish = next() < 0.33;
        work.push(
          new Promise<void>((resolve) => {
            ws.once('message', (data) => {
              const id = JSON.parse(data.toString()).connectionId as string;
              if (vanish) ws.terminate();
              else {
                native.set(id, ws);
                live.add(id);
              }
              resolve();
            });
            ws.once('close', () => resolve());
            if (vanish && next() < 0.5) setTimeout(() => ws.terminate(), 1);
          }),
        );
      } else if (roll < 0.65) {
        // An MQTT device, sometimes reusing the id of one that is connected (a take-over).
        const id = `dev${Math.floor(next() * 8)}`;
        const { url } = await service.getClientAccessToken({ clientProtocol: 'mqtt' });
        work.push(
          mqtt.connectAsync(url, { protocolVersion: next() < 0.5 ? 4 : 5, clientId: id, reconnectPeriod: 0, connectTimeout: 5000 }).then(
            (device) => {
              devices.get(id)?.end(true);
              devices.set(id, device);
              live.add(id);
            },
            () => undefined,
          ),
        );
      } else if (roll < 0.85 && native.size > 0) {
        const [id, ws] = [...native][Math.floor(next() * native.size)];
        native.delete(id);
        live.delete(id);
        if (next() < 0.5) ws.close();
        else ws.terminate();
      } else if (devices.size > 0) {
        const [id, device] = [...devices][Math.floor(next() * devices.size)];
        devices.delete(id);
        live.delete(id);
        device.end(true);
      }
      if (next() < 0.3) await new Promise((resolve) => setTimeout(resolve, next() * 20));
    }
    await Promise.all(work);

    const listed = async () =>
      new Set(((await call(server, 'GET', `/admin/api/connections?hub=${hub}&top=1000`)).body.value as Array<{ connectionId: string }>).map((row) => row.connectionId));
    // Closes still in flight settle; then the admin list is exactly the clients that are connected.
    await untilAsync(async () => sameSet(await listed(), live), 10_000).catch(async () => {
      throw new Error(`admin list ${[...(await listed())].sort()} but connected ${[...live].sort()}`);
    });
    for (const id of live) expect(await service.connectionExists(id)).toBe(true);
    for (const ws of native.values()) ws.terminate();
    for (const device of devices.values()) device.end(true);
  }, 60_000);
});

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}
