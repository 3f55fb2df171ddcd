import { generate, parser as mqttParser, type Packet } from 'mqtt-packet';
import WebSocket from 'ws';
import { serviceClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

/** A raw MQTT-over-WebSocket client: what it receives, and when its socket closes. */
async function rawMqtt(server: TestServer, version: 4 | 5) {
  const { url } = await serviceClient(server, 'bounds').getClientAccessToken({ clientProtocol: 'mqtt', roles: allRoles });
  const ws = new WebSocket(url, 'mqtt');
  const packets: Packet[] = [];
  const parser = mqttParser({ protocolVersion: version });
  parser.on('packet', (packet: Packet) => packets.push(packet));
  ws.on('message', (data: Buffer) => parser.parse(data));
  ws.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, packets, closed };
}

/** The fixed header of a PUBLISH whose remaining length is `size` (MQTT §2.1.4). */
function publishHeader(size: number): Buffer {
  const bytes = [0x30];
  let value = size;
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

/** Regression tests of the hardening campaign's MQTT findings (issue "Hardening", items 2, 4, 6). */
describe('MQTT input bounds', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterAll(() => server?.stop());

  it.each([4, 5] as const)('closes at the header of a packet larger than the Maximum Packet Size, v%d, while a bystander keeps receiving', async (version) => {
    const bystander = await mqttConnect(server, 'bounds', { clientId: `bystander${version}`, version, roles: allRoles });
    const inbox = mqttInbox(bystander);
    await bystander.subscribeAsync('news');
    const { ws, packets, closed } = await rawMqtt(server, version);
    ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clientId: `big${version}`, clean: true, keepalive: 30 } as Packet, { protocolVersion: version }));
    await until(() => packets.length === 1);
    // 100 MB declared; only the header and 16 KB of it are ever sent.
    ws.send(Buffer.concat([publishHeader(100 * 1024 * 1024), Buffer.alloc(16 * 1024)]));
    await closed;
    if (version === 5) expect(packets.map((p) => [p.cmd, (p as { reasonCode?: number }).reasonCode])).toEqual([['connack', 0], ['disconnect', 0x95]]);
    else expect(packets.map((p) => p.cmd)).toEqual(['connack']);
    await serviceClient(server, 'bounds').group('news').sendToAll('still here', { contentType: 'text/plain' });
    await until(() => inbox.length === 1);
    bystander.end(true);
  });

  it('closes before CONNECT when the first packet is larger than 64 KB', async () => {
    const { ws, packets, closed } = await rawMqtt(server, 4);
    ws.send(Buffer.concat([Buffer.from([0x10]), publishHeader(60 * 1024 * 1024).subarray(1), Buffer.alloc(1024)]));
    await closed;
    expect(packets).toEqual([]);
  });

  it('ends an offline session whose queue would pass 16 MB, rather than hold it', async () => {
    const options = { clean: false, properties: { sessionExpiryInterval: 60 } };
    const device = await mqttConnect(server, 'bounds', { clientId: 'hoarder', version: 5, roles: allRoles, ...options });
    await device.subscribeAsync('bulk', { qos: 1 });
    device.end(true);
    const service = serviceClient(server, 'bounds');
    await until(() => !device.connected);
    expect(await service.connectionExists('hoarder')).toBe(true);
    const payload = Buffer.alloc(900 * 1000, 7);
    for (let i = 0; i < 20; i++) await service.group('bulk').sendToAll(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.length) as ArrayBuffer);
    expect(await service.connectionExists('hoarder')).toBe(false);
  });

  it('answers a SUBSCRIBE with no topic filter with a protocol error, logged as one line', async () => {
    const { ws, packets, closed } = await rawMqtt(server, 5);
    ws.send(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'emptysub', clean: true, keepalive: 30 } as Packet, { protocolVersion: 5 }));
    await until(() => packets.length === 1);
    // SUBSCRIBE, packet id 1, no properties, no topic filters: mqtt-packet will not generate it.
    ws.send(Buffer.from([0x82, 0x03, 0x00, 0x01, 0x00]));
    await closed;
    expect(packets.map((p) => p.cmd)).toEqual(['connack', 'disconnect']);
    expect(server.logs).not.toMatch(/^\s+at /m);
  });
});
