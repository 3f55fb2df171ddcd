import { clientUrl, RawClient, serviceClient } from '../harness/clients';
import { Downstream, PROTOBUF, PROTOBUF_RELIABLE, ProtobufClient } from '../harness/protobuf-client';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';

describe('protobuf subprotocols', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '30' } });
  });

  afterAll(() => server?.stop());

  const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

  it('connects, joins, sends with acks and answers ping, all in protobuf', async () => {
    const client = await ProtobufClient.open(await clientUrl(server, 'pb', { userId: 'ann', roles }));
    const connected = await client.next();
    expect(connected.systemMessage.connectedMessage).toMatchObject({ userId: 'ann', connectionId: expect.any(String) });
    expect(connected.systemMessage.connectedMessage.reconnectionToken).toBeUndefined();

    client.send({ joinGroupMessage: { group: 'room', ackId: 1 } });
    expect((await client.next()).ackMessage).toEqual({ ackId: 1, success: true });
    client.send({ sendToGroupMessage: { group: 'room', ackId: 2, data: { textData: 'hello' } } });
    const [first, second] = [await client.next(), await client.next()];
    const data = [first, second].find((m) => m.dataMessage)!.dataMessage;
    expect(data).toMatchObject({ from: 'group', group: 'room', data: { textData: 'hello' } });
    expect(data.sequenceId).toBeUndefined();
    expect([first, second].find((m) => m.ackMessage)!.ackMessage).toEqual({ ackId: 2, success: true });

    client.send({ joinGroupMessage: { group: ' ', ackId: 3 } });
    expect((await client.next()).ackMessage).toMatchObject({ ackId: 3, success: false, error: { name: 'BadRequest' } });
    client.send({ pingMessage: {} });
    expect(await client.next()).toHaveProperty('pongMessage');
    client.ws.close();
  });

  it('crosses protocols both ways: json, MQTT and REST to protobuf, and protobuf to them', async () => {
    const pb = await ProtobufClient.open(await clientUrl(server, 'pb', { userId: 'pb', roles, groups: ['mixed'] }));
    await pb.next();
    const json = await RawClient.open(await clientUrl(server, 'pb', { userId: 'js', roles, groups: ['mixed'] }), 'json.webpubsub.azure.v1');
    await json.nextJson();
    const device = await mqttConnect(server, 'pb', { clientId: 'pbdevice', version: 5, roles });
    const inbox = mqttInbox(device);
    await device.subscribeAsync('mixed', { qos: 1 });

    json.send({ type: 'sendToGroup', group: 'mixed', dataType: 'json', data: { t: 1 }, noEcho: true });
    expect((await pb.next()).dataMessage).toMatchObject({ from: 'group', group: 'mixed', data: { textData: '{"t":1}' } });
    await device.publishAsync('mixed', Buffer.from([1, 2, 3]), { qos: 1 });
    const fromMqtt = (await pb.next()).dataMessage;
    expect([...fromMqtt.data.binaryData]).toEqual([1, 2, 3]);
    await serviceClient(server, 'pb').sendToUser('pb', 'from rest', { contentType: 'text/plain' });
    expect((await pb.next()).dataMessage).toMatchObject({ from: 'server', data: { textData: 'from rest' } });
    // Drain what the JSON client got of the MQTT publish above, and its pong.
    while ((await json.next(300).catch(() => null)) !== null);

    pb.send({ sendToGroupMessage: { group: 'mixed', noEcho: true, data: { binaryData: Buffer.from([9, 8]) } } });
    expect(await json.nextJson()).toMatchObject({ type: 'message', from: 'group', group: 'mixed', dataType: 'binary', data: 'CQg=' });
    await until(() => inbox.some((message) => message.payload === Buffer.from([9, 8]).toString()));
    pb.send({ sendToGroupMessage: { group: 'mixed', noEcho: true, data: { textData: 'text from pb' } } });
    expect(await json.nextJson()).toMatchObject({ dataType: 'text', data: 'text from pb' });
    device.end(true);
    pb.ws.close();
    json.close();
  });

  it('recovers a protobuf.reliable session after a cut TCP connection, with nothing lost and nothing twice', async () => {
    const url = await clientUrl(server, 'pb', { userId: 'rel', roles, groups: ['feed'] });
    const first = await ProtobufClient.open(url, PROTOBUF_RELIABLE);
    const connected = (await first.next()).systemMessage.connectedMessage;
    expect(connected.reconnectionToken).toEqual(expect.any(String));
    const service = serviceClient(server, 'pb');
    const received: number[] = [];
    const take = async (client: ProtobufClient) => {
      const message = await client.next();
      if (message.dataMessage) received.push(message.dataMessage.sequenceId, Number(message.dataMessage.data.textData));
    };
    for (let i = 1; i <= 3; i++) await service.group('feed').sendToAll(String(i), { contentType: 'text/plain' });
    for (let i = 0; i < 3; i++) await take(first);
    first.send({ sequenceAckMessage: { sequenceId: 2 } });
    // No close frame: a network loss, which a reliable session survives.
    (first.ws as unknown as { _socket: { destroy(): void } })._socket.destroy();
    for (let i = 4; i <= 6; i++) await service.group('feed').sendToAll(String(i), { contentType: 'text/plain' });

    const back = await ProtobufClient.open(`${url}&awps_connection_id=${encodeURIComponent(connected.connectionId)}&awps_reconnection_token=${encodeURIComponent(connected.reconnectionToken)}`, PROTOBUF_RELIABLE);
    expect((await back.next()).systemMessage.connectedMessage.connectionId).toBe(connected.connectionId);
    // From the last acknowledged on: 3 again (the client drops what it has by its id), then 4-6.
    for (let i = 0; i < 4; i++) await take(back);
    // [sequence id, message] pairs: 3 was not acknowledged, so it comes again with its own id.
    expect(received).toEqual([1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6]);
    await back.expectSilence();
    back.ws.close();
  });

  it('closes a connection that sends garbage, while a bystander keeps receiving', async () => {
    const bystander = await ProtobufClient.open(await clientUrl(server, 'pb', { userId: 'by', groups: ['calm'] }));
    await bystander.next();
    const rogue = await RawClient.open(await clientUrl(server, 'pb', { userId: 'rogue' }), PROTOBUF);
    await rogue.next();
    rogue.send(Buffer.from([0xff, 0xff, 0xff, 0xff]), true);
    const bye = await rogue.next();
    expect(Downstream.toObject(Downstream.decode(bye.data as Buffer), { oneofs: true })).toHaveProperty('systemMessage.disconnectedMessage.reason');
    expect((await rogue.closed).code).toBe(1008);
    await serviceClient(server, 'pb').group('calm').sendToAll('still here', { contentType: 'text/plain' });
    expect((await bystander.next()).dataMessage).toMatchObject({ data: { textData: 'still here' } });
    bystander.ws.close();
  });
});
