import { decodeProtobufClientFrame } from './decode-protobuf-frame';
import { encodeProtobufAck, encodeProtobufConnected, encodeProtobufDataMessage, encodeProtobufDisconnected, encodeProtobufStreamReply, wrapProtobufDataMessage } from './encode-protobuf-frame';
import { DownstreamMessage, UpstreamMessage } from './schema';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const down = (bytes: Uint8Array) => DownstreamMessage.toObject(DownstreamMessage.decode(bytes), { longs: Number, oneofs: true });

describe('protobuf subprotocol (client-protocols-2026 §6)', () => {
  it('decodes the spec example: join_group_message{group:"g1", ack_id:1}', () => {
    expect(decodeProtobufClientFrame(Buffer.from('32060a0267311001', 'hex'))).toEqual({ ok: true, frame: { type: 'joinGroup', group: 'g1', ackId: 1 } });
  });

  it('encodes the spec example: ack_message{ack_id:1, success:true}', () => {
    expect(hex(encodeProtobufAck(1))).toBe('0a0408011001');
  });

  it('decodes sends and events with each data type, and refuses what is wrong', () => {
    const encode = (message: object) => UpstreamMessage.encode(UpstreamMessage.fromObject(message)).finish();
    expect(decodeProtobufClientFrame(encode({ sendToGroupMessage: { group: 'g', ackId: 5, noEcho: true, data: { textData: 'hi' } } }))).toEqual({
      ok: true,
      frame: { type: 'sendToGroup', group: 'g', ackId: 5, noEcho: true, payload: { dataType: 'text', data: 'hi' } },
    });
    const binary = decodeProtobufClientFrame(encode({ eventMessage: { event: 'e', data: { binaryData: Buffer.from([1, 2]) }, ackId: 3 } }));
    expect(binary.ok && binary.frame).toMatchObject({ type: 'event', event: 'e', ackId: 3, payload: { dataType: 'binary' } });
    expect(decodeProtobufClientFrame(encode({ eventMessage: { event: 'e', data: { jsonData: '{"a":1}' } } }))).toMatchObject({ ok: true, frame: { payload: { dataType: 'json', data: '{"a":1}' } } });
    expect(decodeProtobufClientFrame(encode({ sendToGroupMessage: { group: 'g', ackId: 9, data: { jsonData: 'nope{' } } }))).toMatchObject({ ok: false, disposition: 'ack', ackId: 9 });
    expect(decodeProtobufClientFrame(encode({ sendToGroupMessage: { group: 'g' } }))).toMatchObject({ ok: false, disposition: 'close' });
    expect(decodeProtobufClientFrame(encode({ pingMessage: {} }))).toEqual({ ok: true, frame: { type: 'ping' } });
    expect(decodeProtobufClientFrame(encode({ sequenceAckMessage: { sequenceId: 42 } }))).toEqual({ ok: true, frame: { type: 'sequenceAck', sequenceId: 42 } });
    expect(decodeProtobufClientFrame(Buffer.from([0xff, 0xff, 0xff]))).toMatchObject({ ok: false, disposition: 'close' });
  });

  it('encodes connected, disconnected (reason is field 2) and data messages, sequenced or not', () => {
    expect(down(encodeProtobufConnected({ connectionId: 'c1', userId: 'u', reconnectionToken: 't' }))).toMatchObject({
      systemMessage: { connectedMessage: { connectionId: 'c1', userId: 'u', reconnectionToken: 't' } },
    });
    expect(hex(encodeProtobufDisconnected('bye'))).toBe('1a0712051203627965');
    const data = encodeProtobufDataMessage({ group: 'room', payload: { dataType: 'text', data: 'hello' } });
    expect(down(wrapProtobufDataMessage(data))).toEqual({ message: 'dataMessage', dataMessage: { from: 'group', group: 'room', data: { data: 'textData', textData: 'hello' } } });
    expect(down(wrapProtobufDataMessage(data, 300)).dataMessage).toMatchObject({ sequenceId: 300, group: 'room' });
    const server = down(wrapProtobufDataMessage(encodeProtobufDataMessage({ payload: { dataType: 'binary', data: new Uint8Array([7]) } }), 1));
    expect(server.dataMessage).toMatchObject({ from: 'server', sequenceId: 1 });
  });

  it('decodes stream start, fragments, keepalives and ends, and answers a bad fragment on its stream', () => {
    const encode = (message: object) => UpstreamMessage.encode(UpstreamMessage.fromObject(message)).finish();
    expect(decodeProtobufClientFrame(encode({ sendToGroupMessage: { group: 'g', noEcho: true, stream: { streamId: 's', idleTimeoutMs: 500 } } }))).toEqual({
      ok: true,
      frame: { type: 'streamStart', group: 'g', streamId: 's', noEcho: true, idleTimeoutMs: 500 },
    });
    expect(decodeProtobufClientFrame(encode({ streamDataMessage: { streamId: 's', streamSequenceId: 1, data: { textData: 'a' } } }))).toEqual({
      ok: true,
      frame: { type: 'streamData', streamId: 's', fragment: { streamSequenceId: 1, payload: { dataType: 'text', data: 'a' } } },
    });
    expect(decodeProtobufClientFrame(encode({ streamDataMessage: { streamId: 's' } }))).toEqual({ ok: true, frame: { type: 'streamData', streamId: 's' } });
    expect(decodeProtobufClientFrame(encode({ streamDataMessage: { streamId: 's', data: { textData: 'a' } } }))).toMatchObject({ ok: false, disposition: 'stream', streamId: 's', start: false });
    expect(decodeProtobufClientFrame(encode({ streamEndMessage: { streamId: 's', error: { message: 'm', userErrorCode: 'E' } } }))).toEqual({
      ok: true,
      frame: { type: 'streamEnd', streamId: 's', error: { message: 'm', userErrorCode: 'E' } },
    });
    expect(decodeProtobufClientFrame(encode({ streamEndMessage: {} }))).toMatchObject({ ok: false, disposition: 'close' });
  });

  it('encodes stream replies and a terminal frame with an empty value of the stream type', () => {
    expect(down(encodeProtobufStreamReply({ kind: 'streamAck', streamId: 's', expectedSequenceId: 4 }))).toMatchObject({ streamAckMessage: { streamId: 's', expectedSequenceId: 4 } });
    expect(down(encodeProtobufStreamReply({ kind: 'streamClosed', streamId: 's', error: { name: 'IdleTimeout', message: 'idle' } }))).toMatchObject({
      streamClosedMessage: { streamId: 's', error: { name: 'IdleTimeout', message: 'idle' } },
    });
    const terminal = encodeProtobufDataMessage({ group: 'g', payload: { dataType: 'binary', data: new Uint8Array([1]) }, stream: { streamId: 's', streamSequenceId: 3, endOfStream: true } });
    const decoded = down(wrapProtobufDataMessage(terminal)).dataMessage;
    expect(decoded.data).toEqual({ data: 'binaryData', binaryData: new Uint8Array(0) });
    expect(decoded.stream).toMatchObject({ streamId: 's', streamSequenceId: 3, endOfStream: true });
  });
});
