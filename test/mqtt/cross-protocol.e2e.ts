import type { MqttClient } from 'mqtt';
import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

const allRoles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

describe('MQTT and native clients and REST in one hub', () => {
  let server: TestServer;
  const clients: MqttClient[] = [];
  const sockets: RawClient[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.end(true);
    for (const socket of sockets.splice(0)) socket.ws.terminate();
  });

  afterAll(() => server?.stop());

  async function mqttClient(clientId: string, version: 4 | 5) {
    const client = await mqttConnect(server, 'mixed', { clientId, version, userId: clientId, roles: allRoles });
    clients.push(client);
    return client;
  }

  async function jsonClient(userId: string, groups: string[] = []) {
    const socket = await RawClient.open(await clientUrl(server, 'mixed', { userId, roles: allRoles, groups }), 'json.webpubsub.azure.v1');
    sockets.push(socket);
    await socket.next();
    return socket;
  }

  it('delivers an MQTT 3.1.1 PUBLISH to native members of the group as binary', async () => {
    const native = await jsonClient('web', ['devices']);
    const device = await mqttClient('device4', 4);
    await device.publishAsync('devices', Buffer.from([1, 2, 3]), { qos: 1 });
    expect(await native.nextJson()).toEqual({ type: 'message', from: 'group', group: 'devices', fromUserId: 'device4', dataType: 'binary', data: 'AQID' });
  });

  it('maps the MQTT 5 content type to the native data type', async () => {
    const native = await jsonClient('web5', ['typed']);
    const device = await mqttClient('device5', 5);
    await device.publishAsync('typed', 'hello', { qos: 1, properties: { contentType: 'text/plain' } });
    await device.publishAsync('typed', '{"t":21.5}', { qos: 1, properties: { contentType: 'application/json' } });
    expect(await native.nextJson()).toMatchObject({ dataType: 'text', data: 'hello' });
    expect(await native.nextJson()).toMatchObject({ dataType: 'json', data: { t: 21.5 } });
  });

  it('delivers a native sendToGroup to MQTT subscribers with the same bytes and a content type', async () => {
    const subscriber5 = await mqttClient('listen5', 5);
    const subscriber4 = await mqttClient('listen4', 4);
    const inbox5 = mqttInbox(subscriber5);
    const inbox4 = mqttInbox(subscriber4);
    await subscriber5.subscribeAsync('chat', { qos: 1 });
    await subscriber4.subscribeAsync('chat', { qos: 0 });
    const native = await jsonClient('sender');
    native.send({ type: 'sendToGroup', group: 'chat', dataType: 'json', data: { text: 'hi' } });
    await until(() => inbox5.length === 1 && inbox4.length === 1);
    expect(inbox5[0]).toMatchObject({ topic: 'chat', payload: '{"text":"hi"}', qos: 1, properties: { contentType: 'application/json' } });
    expect(inbox4[0]).toMatchObject({ topic: 'chat', payload: '{"text":"hi"}', qos: 0 });
  });

  it('delivers REST sends: to a group on its topic, to all and to a connection on $webpubsub/server/messages', async () => {
    const device = await mqttClient('restee', 5);
    const inbox = mqttInbox(device);
    await device.subscribeAsync('alerts', { qos: 1 });
    const service = serviceClient(server, 'mixed');
    await service.group('alerts').sendToAll('fire', { contentType: 'text/plain' });
    await service.sendToAll({ all: true });
    await service.sendToConnection('restee', new Uint8Array([7]).buffer);
    await until(() => inbox.length === 3);
    expect(inbox[0]).toMatchObject({ topic: 'alerts', payload: 'fire', qos: 1, properties: { contentType: 'text/plain' } });
    expect(inbox[1]).toMatchObject({ topic: '$webpubsub/server/messages', payload: '{"all":true}', qos: 1 });
    expect(inbox[2]).toMatchObject({ topic: '$webpubsub/server/messages', properties: { contentType: 'application/octet-stream' } });
  });

  it('shows an MQTT session to REST like any connection, and closes it with DISCONNECT 0x98', async () => {
    const device = await mqttClient('managed', 5);
    await device.subscribeAsync('ops', { qos: 0 });
    const service = serviceClient(server, 'mixed');
    expect(await service.connectionExists('managed')).toBe(true);
    expect(await service.userExists('managed')).toBe(true);
    expect(await service.groupExists('ops')).toBe(true);
    const disconnected = new Promise<any>((resolve) => device.once('disconnect', resolve));
    await service.closeConnection('managed', { reason: 'maintenance' });
    expect((await disconnected).reasonCode).toBe(0x98);
    await until(() => !device.connected);
    expect(await service.connectionExists('managed')).toBe(false);
    expect(await service.groupExists('ops')).toBe(false);
  });

  it('lets REST add an MQTT session to a group, which then receives its messages', async () => {
    const device = await mqttClient('added', 4);
    const inbox = mqttInbox(device);
    await serviceClient(server, 'mixed').group('pushed').addConnection('added');
    const native = await jsonClient('pusher');
    native.send({ type: 'sendToGroup', group: 'pushed', dataType: 'text', data: 'to the device' });
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({ topic: 'pushed', payload: 'to the device', qos: 1 });
  });
});
