import { WebPubSubClient, WebPubSubJsonProtocol, type GroupStream, type GroupStreamMessage } from '@azure/web-pubsub-client';
import { clientUrl, RawClient } from '../harness/clients';
import { mqttConnect, mqttInbox } from '../harness/mqtt-clients';
import { ProtobufClient, type Down } from '../harness/protobuf-client';
import { TestServer } from '../harness/server';
import { until } from '../harness/until';
import { SDK_CLIENT_OPTIONS } from '../upstream/event-handler-app';

const SEND = ['webpubsub.sendToGroup'];

/** What one SDK member reads of the streams it is given: fragments in order, then how each ended. */
function readStreams(client: WebPubSubClient): Map<string, { data: unknown[]; ended?: true; error?: { name?: string; message?: string; userErrorCode?: string } }> {
  const streams = new Map<string, { data: unknown[]; ended?: true; error?: { name?: string; message?: string; userErrorCode?: string } }>();
  client.onGroupStream(async (stream: GroupStream) => {
    const seen: { data: unknown[]; ended?: true; error?: { name?: string } } = { data: [] };
    streams.set(stream.streamId, seen);
    try {
      for await (const message of stream as AsyncIterable<GroupStreamMessage>) seen.data.push(message.data);
      seen.ended = true;
    } catch (error) {
      seen.error = error as { name?: string };
    }
  });
  return streams;
}

/**
 * Group streams (client-protocols-2026.md §2) through the newest @azure/web-pubsub-client:
 * `openGroupStream` on the publisher, `onGroupStream` on members, and the same stream seen by
 * protobuf, simple and MQTT members of the group.
 */
describe('group streams', () => {
  let server: TestServer;
  const stop: Array<() => unknown> = [];

  beforeAll(async () => {
    server = await TestServer.start({ env: { RELIABLE_RECOVERY_SECONDS: '30' } });
  });

  afterEach(async () => {
    for (const close of stop.splice(0)) await close();
  });

  afterAll(() => server?.stop());

  async function sdk(userId: string, options: { roles?: string[]; groups?: string[]; json?: boolean } = {}): Promise<WebPubSubClient> {
    const url = await clientUrl(server, 'streams', { userId, roles: options.roles ?? [], groups: options.groups });
    const client = new WebPubSubClient(url, { ...SDK_CLIENT_OPTIONS, ...(options.json ? { protocol: WebPubSubJsonProtocol() } : {}) });
    await client.start();
    stop.push(() => client.stop());
    return client;
  }

  it('delivers every fragment in order to json.reliable, json, protobuf, simple and MQTT members', async () => {
    const reliable = await sdk('reliable', { groups: ['talk'] });
    const plain = await sdk('plain', { groups: ['talk'], json: true });
    const reliableStreams = readStreams(reliable);
    const plainStreams = readStreams(plain);
    const pb = await ProtobufClient.open(await clientUrl(server, 'streams', { userId: 'pb', groups: ['talk'] }));
    stop.push(() => pb.ws.close());
    await pb.next();
    const simple = await RawClient.open(await clientUrl(server, 'streams', { userId: 'simple', groups: ['talk'] }));
    stop.push(() => simple.close());
    const device = await mqttConnect(server, 'streams', { clientId: 'streamdevice', version: 5, roles: ['webpubsub.joinLeaveGroup'] });
    stop.push(() => device.end(true));
    const inbox = mqttInbox(device);
    await device.subscribeAsync('talk', { qos: 1 });

    const publisher = await sdk('writer', { roles: SEND });
    const writer = await publisher.openGroupStream('talk', { noEcho: true });
    const fragments = Array.from({ length: 100 }, (_, i) => `token-${i}`);
    for (const fragment of fragments) await writer.write(fragment, 'text');
    await writer.end();

    await until(() => reliableStreams.get(writer.streamId)?.ended === true && plainStreams.get(writer.streamId)?.ended === true);
    expect(reliableStreams.get(writer.streamId)).toEqual({ data: fragments, ended: true });
    expect(plainStreams.get(writer.streamId)).toEqual({ data: fragments, ended: true });

    const pbFrames: Down[] = [];
    for (let i = 0; i <= fragments.length; i++) pbFrames.push((await pb.next()).dataMessage);
    expect(pbFrames.slice(0, -1).map((message) => message.data.textData)).toEqual(fragments);
    expect(pbFrames.slice(0, -1).map((message) => message.stream.streamSequenceId)).toEqual(fragments.map((_, i) => i + 1));
    expect(pbFrames[0]).toMatchObject({ from: 'group', group: 'talk', stream: { streamId: writer.streamId } });
    expect(pbFrames.at(-1)!.stream).toMatchObject({ streamId: writer.streamId, streamSequenceId: 101, endOfStream: true });

    // Members without streams get the data fragments as ordinary messages, and nothing for the end.
    for (const fragment of fragments) expect((await simple.next()).data).toBe(fragment);
    await until(() => inbox.length >= fragments.length);
    expect(inbox.map((message) => message.payload)).toEqual(fragments);
    await simple.expectSilence();
  });

  it('streams json and binary fragments, and carries an abort with the publisher error to members', async () => {
    const member = await sdk('member', { groups: ['mixed'] });
    const streams = readStreams(member);
    const publisher = await sdk('writer', { roles: SEND });

    const json = await publisher.openGroupStream('mixed');
    await json.write({ step: 1 }, 'json');
    await json.write([2, 'two'], 'json');
    await json.end();
    const bytes = await publisher.openGroupStream('mixed');
    await bytes.write(new Uint8Array([1, 2, 3]).buffer, 'binary');
    await bytes.abort({ message: 'model crashed', userErrorCode: 'E42' });

    await until(() => streams.get(json.streamId)?.ended === true && streams.get(bytes.streamId)?.error !== undefined);
    expect(streams.get(json.streamId)!.data).toEqual([{ step: 1 }, [2, 'two']]);
    const aborted = streams.get(bytes.streamId)!;
    expect([...new Uint8Array(aborted.data[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(aborted.error).toMatchObject({ name: 'UserError', message: 'model crashed', userErrorCode: 'E42' });
  });

  it('refuses a publisher without permission to send to the group, while one with it streams', async () => {
    const member = await sdk('member', { groups: ['guarded'] });
    const streams = readStreams(member);
    const outsider = await sdk('outsider', { roles: ['webpubsub.sendToGroup.elsewhere'] });
    await expect(outsider.openGroupStream('guarded')).rejects.toMatchObject({ name: 'Forbidden' });

    const insider = await sdk('insider', { roles: ['webpubsub.sendToGroup.guarded'] });
    const writer = await insider.openGroupStream('guarded');
    await writer.write('allowed', 'text');
    await writer.end();
    await until(() => streams.get(writer.streamId)?.ended === true);
    expect(streams.get(writer.streamId)!.data).toEqual(['allowed']);
    // The refused one reached nobody and the outsider's connection still works.
    expect(streams.size).toBe(1);
    await expect(outsider.sendToGroup('elsewhere', 'x', 'text')).resolves.toBeDefined();
  });

  it('cancels the streams of a publisher that drops mid-stream, for members on every protocol', async () => {
    const member = await sdk('member', { groups: ['drop'] });
    const streams = readStreams(member);
    const pb = await ProtobufClient.open(await clientUrl(server, 'streams', { userId: 'pb', groups: ['drop'] }));
    stop.push(() => pb.ws.close());
    await pb.next();

    // A json (not reliable) publisher: its session ends with its socket.
    const publisher = await RawClient.open(await clientUrl(server, 'streams', { userId: 'dropper', roles: SEND }), 'json.webpubsub.azure.v1');
    await publisher.nextJson();
    publisher.send({ type: 'sendToGroup', group: 'drop', stream: { streamId: 's1' } });
    expect(await publisher.nextJson()).toEqual({ type: 'streamAck', streamId: 's1', expectedSequenceId: 1 });
    for (let i = 1; i <= 3; i++) publisher.send({ type: 'streamData', streamId: 's1', streamSequenceId: i, dataType: 'text', data: `part-${i}` });
    expect(await publisher.nextJson()).toMatchObject({ type: 'streamAck', streamId: 's1' });
    await until(() => streams.get('s1')?.data.length === 3);
    (publisher.ws as unknown as { _socket: { destroy(): void } })._socket.destroy();

    await until(() => streams.get('s1')?.error !== undefined);
    expect(streams.get('s1')).toMatchObject({ data: ['part-1', 'part-2', 'part-3'], error: { name: 'Cancelled' } });
    const seen: Down[] = [];
    for (let i = 0; i < 4; i++) seen.push((await pb.next()).dataMessage);
    expect(seen.at(-1)!.stream).toMatchObject({ streamId: 's1', streamSequenceId: 4, endOfStream: true, error: { name: 'Cancelled' } });
  });

  describe('the publisher side of the wire (json)', () => {
    async function publisher(roles = SEND): Promise<RawClient> {
      const client = await RawClient.open(await clientUrl(server, 'streams', { userId: 'raw', roles }), 'json.webpubsub.azure.v1');
      stop.push(() => client.close());
      await client.nextJson();
      return client;
    }

    it('acks in order, re-acks a replay, nacks a gap without publishing it, and closes normally', async () => {
      const member = await RawClient.open(await clientUrl(server, 'streams', { userId: 'm', groups: ['wire'] }), 'json.reliable.webpubsub.azure.v1');
      stop.push(() => member.close());
      await member.nextJson();
      const p = await publisher();
      p.send({ type: 'sendToGroup', group: 'wire', stream: { streamId: 'w' } });
      expect(await p.nextJson()).toEqual({ type: 'streamAck', streamId: 'w', expectedSequenceId: 1 });
      p.send({ type: 'streamData', streamId: 'w', streamSequenceId: 1, dataType: 'json', data: { n: 1 } });
      expect(await p.nextJson()).toEqual({ type: 'streamAck', streamId: 'w', expectedSequenceId: 2 });
      p.send({ type: 'streamData', streamId: 'w', streamSequenceId: 1, dataType: 'json', data: { n: 1 } });
      expect(await p.nextJson()).toEqual({ type: 'streamAck', streamId: 'w', expectedSequenceId: 2 });
      p.send({ type: 'streamData', streamId: 'w', streamSequenceId: 3, dataType: 'json', data: { n: 3 } });
      expect(await p.nextJson()).toEqual({ type: 'streamNack', streamId: 'w', expectedSequenceId: 2, name: 'InvalidSequenceId', message: 'expected 2, got 3' });
      p.send({ type: 'streamData', streamId: 'w' });
      p.send({ type: 'streamEnd', streamId: 'w' });
      expect(await p.nextJson()).toEqual({ type: 'streamClosed', streamId: 'w' });
      p.send({ type: 'streamEnd', streamId: 'w' });
      expect(await p.nextJson()).toEqual({ type: 'streamClosed', streamId: 'w' });
      p.send({ type: 'streamData', streamId: 'w', streamSequenceId: 2, dataType: 'text', data: 'late' });
      expect(await p.nextJson()).toMatchObject({ type: 'streamClosed', streamId: 'w', error: { name: 'StreamNotFound' } });

      expect(await member.nextJson()).toEqual({
        sequenceId: 1,
        type: 'message',
        from: 'group',
        group: 'wire',
        fromUserId: 'raw',
        dataType: 'json',
        data: { n: 1 },
        stream: { streamId: 'w', streamSequenceId: 1 },
      });
      expect(await member.nextJson()).toEqual({
        sequenceId: 2,
        type: 'message',
        from: 'group',
        group: 'wire',
        fromUserId: 'raw',
        dataType: 'json',
        stream: { streamId: 'w', streamSequenceId: 2, endOfStream: true },
      });
      await member.expectSilence();
    });

    it('refuses bad starts on the stream, keeps a live stream of a refused duplicate, and times out an idle one', async () => {
      const member = await RawClient.open(await clientUrl(server, 'streams', { userId: 'm', groups: ['idle'] }), 'json.webpubsub.azure.v1');
      stop.push(() => member.close());
      await member.nextJson();
      const p = await publisher();
      p.send({ type: 'sendToGroup', group: 'idle', stream: { streamId: 'bad', idleTimeoutMs: -5 } });
      expect(await p.nextJson()).toMatchObject({ type: 'streamClosed', streamId: 'bad', error: { name: 'BadRequest' } });
      p.send({ type: 'sendToGroup', group: 'idle', stream: { streamId: 'long', idleTimeoutMs: 7_200_000 } });
      expect(await p.nextJson()).toMatchObject({ type: 'streamClosed', streamId: 'long', error: { name: 'BadRequest' } });
      p.send({ type: 'sendToGroup', group: 'idle', dataType: 'text', data: 'x', stream: { streamId: 'withdata' } });
      expect(await p.nextJson()).toMatchObject({ type: 'streamClosed', streamId: 'withdata', error: { name: 'BadRequest' } });

      p.send({ type: 'sendToGroup', group: 'idle', stream: { streamId: 'i', idleTimeoutMs: 600 } });
      expect(await p.nextJson()).toMatchObject({ type: 'streamAck', expectedSequenceId: 1 });
      p.send({ type: 'sendToGroup', group: 'idle', stream: { streamId: 'i' } });
      expect(await p.nextJson()).toMatchObject({ type: 'streamClosed', streamId: 'i', error: { name: 'BadRequest' } });
      // Keepalives hold it open past its idle timeout; then silence ends it.
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        p.send({ type: 'streamData', streamId: 'i' });
      }
      p.send({ type: 'streamData', streamId: 'i', streamSequenceId: 1, dataType: 'text', data: 'still open' });
      expect(await p.nextJson()).toEqual({ type: 'streamAck', streamId: 'i', expectedSequenceId: 2 });
      expect(await p.nextJson(3000)).toMatchObject({ type: 'streamClosed', streamId: 'i', error: { name: 'IdleTimeout' } });
      expect(await member.nextJson()).toMatchObject({ data: 'still open', stream: { streamId: 'i', streamSequenceId: 1 } });
      expect(await member.nextJson()).toMatchObject({
        dataType: 'text',
        data: '',
        stream: { streamId: 'i', streamSequenceId: 2, endOfStream: true, error: { name: 'IdleTimeout' } },
      });
      // The connection goes on working after all of it.
      p.send({ type: 'ping' });
      expect(await p.nextJson()).toEqual({ type: 'pong' });
    });
  });

  it('takes a stream from a protobuf publisher', async () => {
    const member = await sdk('member', { groups: ['pbs'] });
    const streams = readStreams(member);
    const p = await ProtobufClient.open(await clientUrl(server, 'streams', { userId: 'pbwriter', roles: SEND }));
    stop.push(() => p.ws.close());
    await p.next();
    p.send({ sendToGroupMessage: { group: 'pbs', stream: { streamId: 'ps' } } });
    expect((await p.next()).streamAckMessage).toEqual({ streamId: 'ps', expectedSequenceId: 1 });
    p.send({ streamDataMessage: { streamId: 'ps', streamSequenceId: 1, data: { textData: 'a' } } });
    p.send({ streamDataMessage: { streamId: 'ps', streamSequenceId: 2, data: { binaryData: Buffer.from([7]) } } });
    p.send({ streamEndMessage: { streamId: 'ps' } });
    const replies: Down[] = [];
    while (!replies.some((reply) => reply.streamClosedMessage)) replies.push(await p.next());
    expect(replies.at(-2)!.streamAckMessage).toEqual({ streamId: 'ps', expectedSequenceId: 3 });
    expect(replies.at(-1)!.streamClosedMessage).toEqual({ streamId: 'ps' });
    await until(() => streams.get('ps')?.ended === true);
    const [text, binary] = streams.get('ps')!.data;
    expect(text).toBe('a');
    expect([...new Uint8Array(binary as ArrayBuffer)]).toEqual([7]);
  });
});
