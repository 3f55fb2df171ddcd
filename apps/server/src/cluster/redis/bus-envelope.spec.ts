import type { MqttSend, Send } from '@switchboard/protocol';
import { decodeEnvelope, encodeEnvelope } from './bus-envelope';

describe('bus envelope', () => {
  it('carries a send with its filter text, excluded ids and binary payload byte for byte', () => {
    const send: Send = {
      hub: 'chat',
      target: { kind: 'group', group: 'g 1' },
      from: { kind: 'connection', connectionId: 'c1', userId: null },
      payload: { dataType: 'binary', data: new Uint8Array([0, 255, 7]) },
      excluded: ['a', 'b'],
      filter: "userId eq 'x'",
    };
    const decoded = decodeEnvelope(encodeEnvelope({ type: 'send', origin: 'n1', send }));
    expect(decoded.type).toBe('send');
    if (decoded.type !== 'send') return;
    expect(decoded.origin).toBe('n1');
    expect({ ...decoded.send, payload: undefined }).toEqual({ ...send, payload: undefined });
    expect(decoded.send.payload.dataType).toBe('binary');
    expect([...(decoded.send.payload.data as Uint8Array)]).toEqual([0, 255, 7]);
  });

  it('keeps text and json payloads as text, unicode included', () => {
    for (const payload of [{ dataType: 'text', data: 'héllo ✓' }, { dataType: 'json', data: '{"a":"héllo ✓"}' }] as Send['payload'][]) {
      const send: Send = { hub: 'h', target: { kind: 'hub' }, from: { kind: 'server' }, payload };
      const decoded = decodeEnvelope(encodeEnvelope({ type: 'send', origin: 'n', send }));
      expect(decoded.type === 'send' && decoded.send).toEqual(send);
    }
  });

  it('carries the MQTT origin of a send, its bytes included', () => {
    const send: MqttSend = {
      hub: 'h',
      target: { kind: 'group', group: 'sensors/temp' },
      from: { kind: 'connection', connectionId: 'dev1', userId: null },
      payload: { dataType: 'binary', data: new Uint8Array([1, 2]) },
      mqtt: {
        kind: 'publish',
        qos: 2,
        payload: new Uint8Array([1, 2]),
        properties: { correlationData: Buffer.from('corr'), userProperties: [['a', 'b']], contentType: 'x/y' } as never,
        receivedAtMs: 1234,
      },
    };
    const decoded = decodeEnvelope(encodeEnvelope({ type: 'send', origin: 'n', send }));
    const mqtt = decoded.type === 'send' ? (decoded.send as MqttSend).mqtt : undefined;
    expect(mqtt?.kind).toBe('publish');
    if (mqtt?.kind !== 'publish') return;
    expect(mqtt.qos).toBe(2);
    expect(mqtt.receivedAtMs).toBe(1234);
    expect([...mqtt.payload]).toEqual([1, 2]);
    expect(Buffer.from((mqtt.properties as { correlationData: Uint8Array }).correlationData).toString()).toBe('corr');
    expect(mqtt.properties).toMatchObject({ userProperties: [['a', 'b']], contentType: 'x/y' });
  });

  it('round-trips requests and answers', () => {
    const envelope = { type: 'request' as const, origin: 'n2', id: 7, request: { kind: 'userExists', hub: 'h', userId: 'u' } };
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
    const answer = { type: 'answer' as const, origin: 'n3', id: 7, answer: null };
    expect(decodeEnvelope(encodeEnvelope(answer))).toEqual(answer);
  });

  it('refuses bytes that are not an envelope', () => {
    expect(() => decodeEnvelope(Buffer.from('hello'))).toThrow('not a Switchboard bus message');
  });
});
