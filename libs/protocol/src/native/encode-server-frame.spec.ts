import { duplicateAckError } from './ack-error';
import { decodeClientFrame } from './decode-client-frame';
import {
  PONG_FRAME,
  encodeAck,
  encodeInvokeResponse,
  encodeConnected,
  encodeDisconnected,
  encodeGroupMessage,
  encodeServerMessage,
  encodeStreamReply,
  withSequenceId,
} from './encode-server-frame';
import { toJsonText, type JsonText } from './json-text';

const json = (text: string): JsonText => toJsonText(text)!;

describe('encoding server frames (client-protocols.md §4.2)', () => {
  describe('ack', () => {
    it('carries no error on success', () => {
      expect(encodeAck(1)).toBe('{"type":"ack","ackId":1,"success":true}');
    });

    it('carries the error name and message on failure', () => {
      expect(encodeAck(3, { name: 'Forbidden', message: 'no "permission"' })).toBe(
        '{"type":"ack","ackId":3,"success":false,"error":{"name":"Forbidden","message":"no \\"permission\\""}}',
      );
    });

    it('words Duplicate like Azure', () => {
      expect(JSON.parse(encodeAck(1, duplicateAckError(1)))).toEqual({
        type: 'ack',
        ackId: 1,
        success: false,
        error: { name: 'Duplicate', message: 'Message with ack-id: 1 has been processed' },
      });
    });
  });

  describe('message from a group', () => {
    it('matches the spec sample', () => {
      const message = encodeGroupMessage({
        group: 'g1',
        fromUserId: 'alice',
        payload: { dataType: 'json', data: json('{"hello":"world"}') },
      });
      expect(message.frame).toBe(
        '{"type":"message","from":"group","group":"g1","fromUserId":"alice","dataType":"json","data":{"hello":"world"}}',
      );
    });

    it.each([undefined, null])('omits fromUserId when the sender has none (%j)', (fromUserId) => {
      const message = encodeGroupMessage({ group: 'g1', fromUserId, payload: { dataType: 'text', data: 'hi' } });
      expect(JSON.parse(message.frame)).toEqual({ type: 'message', from: 'group', group: 'g1', dataType: 'text', data: 'hi' });
    });

    it('sends binary data as base64', () => {
      const message = encodeGroupMessage({
        group: 'sensors',
        fromUserId: 'device-17',
        payload: { dataType: 'binary', data: Uint8Array.from([1, 2, 3]) },
      });
      expect(JSON.parse(message.frame)).toEqual({
        type: 'message',
        from: 'group',
        group: 'sensors',
        fromUserId: 'device-17',
        dataType: 'binary',
        data: 'AQID',
      });
    });

    it('escapes group, user and text so the frame stays valid JSON', () => {
      const message = encodeGroupMessage({ group: 'a"b\\c', fromUserId: '\u2028x', payload: { dataType: 'text', data: '}\n"' } });
      expect(JSON.parse(message.frame)).toMatchObject({ group: 'a"b\\c', fromUserId: '\u2028x', data: '}\n"' });
    });

    it('passes json data through byte for byte', () => {
      const message = encodeGroupMessage({ group: 'g1', payload: { dataType: 'json', data: json('{"id":12345678901234567890}') } });
      expect(message.frame).toContain('"data":{"id":12345678901234567890}');
    });

    it('forwards what a client sent in a sendToGroup frame unchanged', () => {
      const decoded = decodeClientFrame('{"type":"sendToGroup","group":"g1","dataType":"json","data":{"n":[1,2.50]}}');
      if (!decoded.ok || decoded.frame.type !== 'sendToGroup') throw new Error('expected a sendToGroup frame');
      const message = encodeGroupMessage({ group: decoded.frame.group, fromUserId: 'u', payload: decoded.frame.payload });
      expect(message.frame).toBe(
        '{"type":"message","from":"group","group":"g1","fromUserId":"u","dataType":"json","data":{"n":[1,2.50]}}',
      );
    });
  });

  describe('reliable flavour (§7)', () => {
    const message = encodeGroupMessage({ group: 'g1', fromUserId: 'alice', payload: { dataType: 'text', data: 'hi' } });

    it('builds each recipient frame as prefix + sequenceId + suffix', () => {
      expect(message.reliablePrefix + 17 + message.reliableSuffix).toBe(withSequenceId(message, 17));
      expect(withSequenceId(message, 17)).toBe(
        '{"type":"message","from":"group","group":"g1","fromUserId":"alice","dataType":"text","data":"hi","sequenceId":17}',
      );
    });

    it('differs from the non-reliable frame only by sequenceId', () => {
      const { sequenceId, ...rest } = JSON.parse(withSequenceId(message, 1));
      expect(sequenceId).toBe(1);
      expect(rest).toEqual(JSON.parse(message.frame));
    });

    it('numbers server messages too', () => {
      const server = encodeServerMessage({ dataType: 'json', data: json('"Hello"') });
      expect(JSON.parse(withSequenceId(server, 2))).toEqual({
        type: 'message',
        from: 'server',
        dataType: 'json',
        data: 'Hello',
        sequenceId: 2,
      });
    });
  });

  describe('message from the server', () => {
    it('matches the spec sample', () => {
      expect(encodeServerMessage({ dataType: 'text', data: 'Hello World' }).frame).toBe(
        '{"type":"message","from":"server","dataType":"text","data":"Hello World"}',
      );
    });

    it('sends protobuf data as base64 with its own dataType', () => {
      expect(JSON.parse(encodeServerMessage({ dataType: 'protobuf', data: Uint8Array.from([10, 1]) }).frame)).toEqual({
        type: 'message',
        from: 'server',
        dataType: 'protobuf',
        data: 'CgE=',
      });
    });
  });

  describe('system', () => {
    it('connected matches the spec sample', () => {
      expect(encodeConnected({ connectionId: 'abc123', userId: 'alice' })).toBe(
        '{"type":"system","event":"connected","userId":"alice","connectionId":"abc123"}',
      );
    });

    it('connected has userId null for an anonymous connection', () => {
      expect(JSON.parse(encodeConnected({ connectionId: 'abc123' }))).toEqual({
        type: 'system',
        event: 'connected',
        userId: null,
        connectionId: 'abc123',
      });
    });

    it('connected carries the reconnectionToken of the reliable protocol', () => {
      expect(encodeConnected({ connectionId: 'abc123', userId: 'alice', reconnectionToken: 't/+=' })).toBe(
        '{"type":"system","event":"connected","userId":"alice","connectionId":"abc123","reconnectionToken":"t/+="}',
      );
    });

    it('disconnected carries the reason', () => {
      expect(encodeDisconnected('reason')).toBe('{"type":"system","event":"disconnected","message":"reason"}');
    });

    it.each([undefined, null])('disconnected without a reason has no message (%j)', (reason) => {
      expect(encodeDisconnected(reason)).toBe('{"type":"system","event":"disconnected"}');
    });
  });

  it('answers ping with pong', () => {
    expect(PONG_FRAME).toBe('{"type":"pong"}');
  });
});

describe('invokeResponse', () => {
  it('always says success, gives data on success and an error on failure', () => {
    expect(JSON.parse(encodeInvokeResponse('7', { payload: { dataType: 'text', data: 'ok' } }))).toEqual({
      type: 'invokeResponse',
      invocationId: '7',
      success: true,
      dataType: 'text',
      data: 'ok',
    });
    expect(JSON.parse(encodeInvokeResponse('8', {}))).toEqual({ type: 'invokeResponse', invocationId: '8', success: true });
    expect(JSON.parse(encodeInvokeResponse('9', { error: { name: 'NotFound', message: 'no handler' } }))).toEqual({
      type: 'invokeResponse',
      invocationId: '9',
      success: false,
      error: { name: 'NotFound', message: 'no handler' },
    });
  });

  describe('group streams (client-protocols-2026.md §2.2, §2.3)', () => {
    it('puts the stream object after the payload, so the reliable sequence id still goes last', () => {
      const encoded = encodeGroupMessage({ group: 'g', fromUserId: 'p', payload: { dataType: 'text', data: 'hel' }, stream: { streamId: 's', streamSequenceId: 1 } });
      expect(JSON.parse(withSequenceId(encoded, 41))).toEqual({
        type: 'message',
        from: 'group',
        group: 'g',
        fromUserId: 'p',
        dataType: 'text',
        data: 'hel',
        stream: { streamId: 's', streamSequenceId: 1 },
        sequenceId: 41,
      });
    });

    it('gives a terminal frame the data type with no value: none at all for json', () => {
      const end = { streamId: 's', streamSequenceId: 3, endOfStream: true as const };
      expect(JSON.parse(encodeGroupMessage({ group: 'g', payload: { dataType: 'json', data: '' as JsonText }, stream: end }).frame)).toEqual({
        type: 'message',
        from: 'group',
        group: 'g',
        dataType: 'json',
        stream: end,
      });
      expect(JSON.parse(encodeGroupMessage({ group: 'g', payload: { dataType: 'binary', data: new Uint8Array(0) }, stream: end }).frame)).toMatchObject({ dataType: 'binary', data: '' });
    });

    it('encodes acks, nacks and closes', () => {
      expect(encodeStreamReply({ kind: 'streamAck', streamId: 's', expectedSequenceId: 2 })).toBe('{"type":"streamAck","streamId":"s","expectedSequenceId":2}');
      expect(JSON.parse(encodeStreamReply({ kind: 'streamNack', streamId: 's', expectedSequenceId: 2, name: 'InvalidSequenceId', message: 'expected 2, got 5' }))).toEqual({
        type: 'streamNack',
        streamId: 's',
        expectedSequenceId: 2,
        name: 'InvalidSequenceId',
        message: 'expected 2, got 5',
      });
      expect(encodeStreamReply({ kind: 'streamClosed', streamId: 's' })).toBe('{"type":"streamClosed","streamId":"s"}');
    });
  });
});
