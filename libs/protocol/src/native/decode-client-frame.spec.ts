import { decodeClientFrame, type DecodeClientFrameResult } from './decode-client-frame';

const decode = (frame: object | string): DecodeClientFrameResult =>
  decodeClientFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));

const closes = (message: string) => ({
  ok: false,
  disposition: 'close',
  error: { name: 'BadRequest', message: expect.stringContaining(message) },
});

const acksBadRequest = (ackId: number | undefined, message: string) => ({
  ok: false,
  disposition: 'ack',
  ...(ackId === undefined ? {} : { ackId }),
  error: { name: 'BadRequest', message: expect.stringContaining(message) },
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decoding client frames (client-protocols.md §4.1)', () => {
  describe('any frame', () => {
    it('closes on text that is not JSON', () => {
      expect(decode('{"type":"ping"')).toEqual(closes('not valid JSON'));
    });

    it.each(['[]', '"ping"', '42', 'null'])('closes on %s, which is not a JSON object', (frame) => {
      expect(decode(frame)).toEqual(closes('not a JSON object'));
    });

    it('closes on a frame without a type', () => {
      expect(decode({ group: 'g1', ackId: 1 })).toEqual(closes("no 'type'"));
    });

    it('closes on a type that is not a string', () => {
      expect(decode({ type: 7 })).toEqual(closes("'type' must be a string"));
    });

    it('accepts a binary frame carrying UTF-8 JSON', () => {
      expect(decodeClientFrame(utf8('{"type":"joinGroup","group":"grüße","ackId":1}'))).toEqual({
        ok: true,
        frame: { type: 'joinGroup', group: 'grüße', ackId: 1 },
      });
    });

    it('closes on a binary frame that is not UTF-8', () => {
      expect(decodeClientFrame(Uint8Array.from([0x7b, 0xff, 0x7d]))).toEqual(closes('not valid UTF-8'));
    });

    it('ignores an unknown type', () => {
      expect(decode({ type: 'somethingNew', ackId: 1 })).toEqual({
        ok: true,
        frame: { type: 'ignored', originalType: 'somethingNew', laterWave: false },
      });
    });

    it('marks the later-wave types it ignores', () => {
      expect(decode({ type: 'invokeResponse', invocationId: '1', success: true })).toEqual({
        ok: true,
        frame: { type: 'ignored', originalType: 'invokeResponse', laterWave: true },
      });
    });

    it('decodes invoke with and without a payload, and cancelInvocation', () => {
      expect(decode({ type: 'invoke', invocationId: '1', target: 'event', event: 'order', dataType: 'text', data: 'x' })).toEqual({
        ok: true,
        frame: { type: 'invoke', invocationId: '1', event: 'order', payload: { dataType: 'text', data: 'x' } },
      });
      expect(decode({ type: 'invoke', invocationId: '2', event: 'order' })).toEqual({ ok: true, frame: { type: 'invoke', invocationId: '2', event: 'order' } });
      expect(decode({ type: 'cancelInvocation', invocationId: '2' })).toEqual({ ok: true, frame: { type: 'cancelInvocation', invocationId: '2' } });
    });

    it('answers a bad invoke whose id it can read, and closes on one it cannot', () => {
      expect(decode({ type: 'invoke', invocationId: '3', target: 'group', event: 'e' })).toMatchObject({ ok: false, disposition: 'invokeResponse', invocationId: '3', error: { name: 'BadRequest' } });
      expect(decode({ type: 'invoke', invocationId: '4', event: 'e', data: 'x' })).toMatchObject({ ok: false, disposition: 'invokeResponse', invocationId: '4' });
      expect(decode({ type: 'invoke', invocationId: '5', event: '' })).toMatchObject({ ok: false, disposition: 'invokeResponse', invocationId: '5' });
      expect(decode({ type: 'invoke', event: 'e' })).toMatchObject({ ok: false, disposition: 'close' });
    });

    it('ignores extra fields', () => {
      expect(decode({ type: 'joinGroup', group: 'g1', extra: { x: 1 } })).toEqual({
        ok: true,
        frame: { type: 'joinGroup', group: 'g1' },
      });
    });
  });

  describe('ackId', () => {
    it.each([0, 1, Number.MAX_SAFE_INTEGER])('accepts %d', (ackId) => {
      expect(decode({ type: 'joinGroup', group: 'g1', ackId })).toEqual({
        ok: true,
        frame: { type: 'joinGroup', group: 'g1', ackId },
      });
    });

    it('is optional (fireAndForget) and null counts as absent', () => {
      expect(decode({ type: 'leaveGroup', group: 'g1', ackId: null })).toEqual({
        ok: true,
        frame: { type: 'leaveGroup', group: 'g1' },
      });
    });

    it.each([-1, 1.5, '1', true, 2 ** 64])('closes on %j, which no ack could name', (ackId) => {
      expect(decode({ type: 'joinGroup', group: 'g1', ackId })).toEqual(closes("'ackId' must be an unsigned integer"));
    });
  });

  describe('joinGroup and leaveGroup', () => {
    it.each(['joinGroup', 'leaveGroup'])('decodes %s', (type) => {
      expect(decode({ type, group: 'g1', ackId: 1 })).toEqual({ ok: true, frame: { type, group: 'g1', ackId: 1 } });
    });

    it('closes on a missing group', () => {
      expect(decode({ type: 'joinGroup', ackId: 1 })).toEqual(closes("joinGroup has no 'group'"));
    });

    it('rejects an empty group with an ack error', () => {
      expect(decode({ type: 'joinGroup', group: '', ackId: 1 })).toEqual(acksBadRequest(1, 'must not be empty'));
    });

    it('rejects a whitespace-only group with an ack error', () => {
      expect(decode({ type: 'leaveGroup', group: '  ', ackId: 2 })).toEqual(acksBadRequest(2, 'only whitespace'));
    });

    it('rejects a group longer than 1024 characters with an ack error', () => {
      expect(decode({ type: 'joinGroup', group: 'g'.repeat(1025), ackId: 3 })).toEqual(acksBadRequest(3, 'at most 1024'));
    });

    it('rejects a group that is not a string with an ack error', () => {
      expect(decode({ type: 'joinGroup', group: 5, ackId: 4 })).toEqual(acksBadRequest(4, 'must be a string'));
    });

    it('has no ack to send for an invalid group without ackId', () => {
      expect(decode({ type: 'joinGroup', group: '' })).toEqual(acksBadRequest(undefined, 'must not be empty'));
    });
  });

  describe('sendToGroup', () => {
    it('decodes the SDK frame, json data kept as its source text', () => {
      const frame = '{"type":"sendToGroup","group":"g1","ackId":3,"dataType":"json","data":{"hello":"world"},"noEcho":false}';
      expect(decode(frame)).toEqual({
        ok: true,
        frame: {
          type: 'sendToGroup',
          group: 'g1',
          ackId: 3,
          noEcho: false,
          payload: { dataType: 'json', data: '{"hello":"world"}' },
        },
      });
    });

    it('defaults dataType to json and noEcho to false', () => {
      expect(decode('{"type":"sendToGroup","group":"g1","data":[1, 2]}')).toEqual({
        ok: true,
        frame: { type: 'sendToGroup', group: 'g1', noEcho: false, payload: { dataType: 'json', data: '[1, 2]' } },
      });
    });

    it('keeps json data exactly as sent, large integers included', () => {
      const result = decode('{"type":"sendToGroup","group":"g1","data":{"id":12345678901234567890,"f":1.0}}');
      expect(result).toMatchObject({ ok: true, frame: { payload: { data: '{"id":12345678901234567890,"f":1.0}' } } });
    });

    it.each([
      ['a JSON string', '"hello"'],
      ['a number', '42'],
      ['null', 'null'],
      ['false', 'false'],
    ])('accepts %s as json data', (_, data) => {
      expect(decode(`{"type":"sendToGroup","group":"g1","data":${data}}`)).toMatchObject({
        ok: true,
        frame: { payload: { dataType: 'json', data } },
      });
    });

    it('decodes text data', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', dataType: 'text', data: 'hi', noEcho: true })).toEqual({
        ok: true,
        frame: { type: 'sendToGroup', group: 'g1', noEcho: true, payload: { dataType: 'text', data: 'hi' } },
      });
    });

    it('decodes base64 binary data to bytes', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', dataType: 'binary', data: 'AQID' })).toEqual({
        ok: true,
        frame: {
          type: 'sendToGroup',
          group: 'g1',
          noEcho: false,
          payload: { dataType: 'binary', data: Uint8Array.from([1, 2, 3]) },
        },
      });
    });

    it('carries protobuf data like binary', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', dataType: 'protobuf', data: 'CgE=' })).toMatchObject({
        ok: true,
        frame: { payload: { dataType: 'protobuf', data: Uint8Array.from([10, 1]) } },
      });
    });

    it('closes on a missing group', () => {
      expect(decode({ type: 'sendToGroup', ackId: 1, data: 'x' })).toEqual(closes("sendToGroup has no 'group'"));
    });

    it('closes on missing data', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1 })).toEqual(closes("sendToGroup has no 'data'"));
    });

    it('rejects an invalid group with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: ' ', ackId: 1, data: 'x' })).toEqual(acksBadRequest(1, 'only whitespace'));
    });

    it('rejects text data that is not a string with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, dataType: 'text', data: { a: 1 } })).toEqual(
        acksBadRequest(1, "'data' must be a string"),
      );
    });

    it('rejects binary data that is not base64 with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, dataType: 'binary', data: 'not base64!' })).toEqual(
        acksBadRequest(1, 'not valid base64'),
      );
    });

    it('rejects binary data that is not a string with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, dataType: 'binary', data: [1, 2] })).toEqual(
        acksBadRequest(1, 'base64 string'),
      );
    });

    it('rejects an unknown dataType with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, dataType: 'xml', data: '<a/>' })).toEqual(
        acksBadRequest(1, "unsupported 'dataType' 'xml'"),
      );
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, dataType: 3, data: 'x' })).toEqual(
        acksBadRequest(1, "'dataType' must be one of"),
      );
    });

    it('rejects a noEcho that is not a boolean with an ack error', () => {
      expect(decode({ type: 'sendToGroup', group: 'g1', ackId: 1, noEcho: 'yes', data: 'x' })).toEqual(
        acksBadRequest(1, "'noEcho' must be a boolean"),
      );
    });
  });

  describe('event', () => {
    it('decodes the SDK frame', () => {
      expect(decode({ type: 'event', event: 'chat', ackId: 4, dataType: 'text', data: 'hi' })).toEqual({
        ok: true,
        frame: { type: 'event', event: 'chat', ackId: 4, payload: { dataType: 'text', data: 'hi' } },
      });
    });

    it('keeps json data as its source text', () => {
      expect(decode('{"type":"event","event":"chat","data":{"n": 1}}')).toEqual({
        ok: true,
        frame: { type: 'event', event: 'chat', payload: { dataType: 'json', data: '{"n": 1}' } },
      });
    });

    it('closes on a missing event name', () => {
      expect(decode({ type: 'event', ackId: 1, data: 'x' })).toEqual(closes("event has no 'event'"));
    });

    it('closes on missing data', () => {
      expect(decode({ type: 'event', event: 'chat', ackId: 1 })).toEqual(closes("event has no 'data'"));
    });

    it.each([
      ['', 'must not be empty'],
      ['line\nbreak', 'printable ASCII'],
      ['café', 'printable ASCII'],
      [' padded', 'start or end with a space'],
      [12, 'must be a string'],
    ])('rejects the event name %j with an ack error', (event, why) => {
      expect(decode({ type: 'event', event, ackId: 9, data: 'x' })).toEqual(acksBadRequest(9, why));
    });

    it('rejects bad data with an ack error', () => {
      expect(decode({ type: 'event', event: 'chat', ackId: 5, dataType: 'binary', data: '@@' })).toEqual(
        acksBadRequest(5, 'not valid base64'),
      );
    });
  });

  describe('sequenceAck', () => {
    it('decodes the cumulative id', () => {
      expect(decode({ type: 'sequenceAck', sequenceId: 17 })).toEqual({
        ok: true,
        frame: { type: 'sequenceAck', sequenceId: 17 },
      });
    });

    it('closes on a missing sequenceId', () => {
      expect(decode({ type: 'sequenceAck' })).toEqual(closes("no 'sequenceId'"));
    });

    it.each([-1, 2.5, '17'])('closes on the sequenceId %j', (sequenceId) => {
      expect(decode({ type: 'sequenceAck', sequenceId })).toEqual(closes("'sequenceId' must be an unsigned integer"));
    });
  });

  describe('ping', () => {
    it('decodes the keep-alive ping', () => {
      expect(decode('{"type":"ping"}')).toEqual({ ok: true, frame: { type: 'ping' } });
    });
  });

  it('checks presence before values: a frame missing a required field closes even with other errors', () => {
    expect(decode({ type: 'sendToGroup', group: '', ackId: 1 })).toEqual(closes("no 'data'"));
  });

  describe('group streams (client-protocols-2026.md §2.1)', () => {
    const refusedOnStream = (streamId: string, start: boolean, message: string) => ({
      ok: false,
      disposition: 'stream',
      streamId,
      start,
      error: { name: 'BadRequest', message: expect.stringContaining(message) },
    });

    it('reads a start, ignoring an ackId, and refuses a bad one on its stream', () => {
      expect(decode({ type: 'sendToGroup', group: 'g', ackId: 3, stream: { streamId: 's', idleTimeoutMs: 1000 } })).toEqual({
        ok: true,
        frame: { type: 'streamStart', group: 'g', streamId: 's', noEcho: false, idleTimeoutMs: 1000 },
      });
      expect(decode({ type: 'sendToGroup', group: 'g', stream: { streamId: 's', idleTimeoutMs: 0 } })).toEqual(refusedOnStream('s', true, 'idleTimeoutMs'));
      expect(decode({ type: 'sendToGroup', group: 'g', dataType: 'text', data: 'x', stream: { streamId: 's' } })).toEqual(refusedOnStream('s', true, 'no data'));
      expect(decode({ type: 'sendToGroup', group: '', stream: { streamId: 's' } })).toEqual(refusedOnStream('s', true, ''));
      expect(decode({ type: 'sendToGroup', group: 'g', stream: { streamId: '' } })).toEqual(closes('streamId'));
    });

    it('reads fragments and keepalives, and refuses a partial fragment on its stream', () => {
      expect(decode({ type: 'streamData', streamId: 's', streamSequenceId: 2, dataType: 'json', data: { a: 1 } })).toEqual({
        ok: true,
        frame: { type: 'streamData', streamId: 's', fragment: { streamSequenceId: 2, payload: { dataType: 'json', data: '{"a":1}' } } },
      });
      expect(decode({ type: 'streamData', streamId: 's' })).toEqual({ ok: true, frame: { type: 'streamData', streamId: 's' } });
      expect(decode({ type: 'streamData', streamId: 's', streamSequenceId: 1, data: 'x' })).toEqual(refusedOnStream('s', false, 'come together'));
      expect(decode({ type: 'streamData', streamId: 's', streamSequenceId: 0, dataType: 'text', data: 'x' })).toEqual(refusedOnStream('s', false, 'positive'));
      expect(decode({ type: 'streamData', streamSequenceId: 1, dataType: 'text', data: 'x' })).toEqual(closes('streamId'));
    });

    it("reads an end with the publisher's error, dropping a name it may not set", () => {
      expect(decode({ type: 'streamEnd', streamId: 's' })).toEqual({ ok: true, frame: { type: 'streamEnd', streamId: 's' } });
      expect(decode({ type: 'streamEnd', streamId: 's', error: { name: 'X', message: 'm', userErrorCode: 'E' } })).toEqual({
        ok: true,
        frame: { type: 'streamEnd', streamId: 's', error: { message: 'm', userErrorCode: 'E' } },
      });
    });
  });
});
