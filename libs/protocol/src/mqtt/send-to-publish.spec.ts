import type { Send } from '../messaging/send';
import type { JsonText } from '../native/json-text';
import { compileRoles } from '../permissions/permission-set';
import type { MqttSend } from './mqtt-send';
import { publishToSend } from './publish-to-send';
import { remainingExpiry, sendToPublish } from './send-to-publish';
import { userEventResponseToSend } from './user-events';

const utf8 = (text: string) => new TextEncoder().encode(text);

function nativeSend(overrides: Partial<Send> = {}): Send {
  return {
    hub: 'chat',
    target: { kind: 'group', group: 'sensors' },
    payload: { dataType: 'json', data: '{"a":1}' as JsonText },
    from: { kind: 'connection', connectionId: 'native1', userId: 'alice' },
    ...overrides,
  };
}

function mqttSend(qos: 0 | 1 | 2, properties = {}, version: 4 | 5 = 5): MqttSend {
  const outcome = publishToSend(
    { topic: 'sensors', payload: utf8('21.5'), qos, retain: false, properties },
    { hub: 'chat', version, connectionId: 'dev1', userId: null, permissions: compileRoles(['webpubsub.sendToGroup']), receivedAtMs: 10_000 },
  );
  if (outcome.kind !== 'send') throw new Error('expected a send');
  return outcome.send;
}

describe('PUBLISH to an MQTT client (mqtt.md §5)', () => {
  describe('between MQTT clients', () => {
    it('delivers at min(publish QoS, subscription QoS)', () => {
      expect(sendToPublish(mqttSend(2), { connectionId: 'r', version: 5, subscription: { grantedQos: 1 } }, 10_000)?.qos).toBe(1);
      expect(sendToPublish(mqttSend(0), { connectionId: 'r', version: 5, subscription: { grantedQos: 2 } }, 10_000)?.qos).toBe(0);
      expect(sendToPublish(mqttSend(2), { connectionId: 'r', version: 5, subscription: { grantedQos: 2 } }, 10_000)?.qos).toBe(2);
    });

    it('keeps the original bytes and properties, and echoes the subscription identifier', () => {
      const properties = {
        contentType: 'application/json',
        responseTopic: 'replies',
        correlationData: new Uint8Array([1]),
        userProperties: [{ name: 'n', value: 'v' }],
        payloadFormatIndicator: true,
      };
      const publish = sendToPublish(
        mqttSend(1, properties),
        { connectionId: 'r', version: 5, subscription: { grantedQos: 1, subscriptionIdentifier: 7 } },
        10_000,
      );
      expect(publish).toEqual({ topic: 'sensors', payload: utf8('21.5'), qos: 1, retain: false, properties: { ...properties, subscriptionIdentifier: 7 } });
    });

    it('sends the same bytes without properties to a 3.1.1 receiver', () => {
      const publish = sendToPublish(mqttSend(1, { contentType: 'text/plain' }), { connectionId: 'r', version: 4, subscription: { grantedQos: 1 } }, 10_000);
      expect(publish).toEqual({ topic: 'sensors', payload: utf8('21.5'), qos: 1, retain: false, properties: undefined });
    });

    it('sends no properties to 5.0 when a 3.1.1 client published', () => {
      expect(sendToPublish(mqttSend(1, {}, 4), { connectionId: 'r', version: 5, subscription: { grantedQos: 1 } }, 10_000)?.properties).toBeUndefined();
    });

    it('skips the publisher itself under No Local, and only it', () => {
      expect(sendToPublish(mqttSend(1), { connectionId: 'dev1', version: 5, subscription: { grantedQos: 1, noLocal: true } }, 10_000)).toBeUndefined();
      expect(sendToPublish(mqttSend(1), { connectionId: 'dev1', version: 5, subscription: { grantedQos: 1 } }, 10_000)).toBeDefined();
      expect(sendToPublish(mqttSend(1), { connectionId: 'r', version: 5, subscription: { grantedQos: 1, noLocal: true } }, 10_000)).toBeDefined();
    });

    it('decrements the message expiry interval by the time spent waiting, and drops expired messages', () => {
      const send = mqttSend(1, { messageExpiryInterval: 60 });
      const recipient = { connectionId: 'r', version: 5 as const, subscription: { grantedQos: 1 as const } };
      expect(sendToPublish(send, recipient, 10_000)?.properties?.messageExpiryInterval).toBe(60);
      expect(sendToPublish(send, recipient, 25_500)?.properties?.messageExpiryInterval).toBe(45);
      expect(sendToPublish(send, recipient, 70_000)).toBeUndefined();
      expect(sendToPublish(send, { ...recipient, version: 4 }, 70_000)).toBeUndefined();
    });
  });

  describe('cross-protocol messages are published at QoS 1, then downgraded', () => {
    it('delivers a native sendToGroup at min(1, subscription QoS)', () => {
      expect(sendToPublish(nativeSend(), { connectionId: 'r', version: 5, subscription: { grantedQos: 2 } }, 0)?.qos).toBe(1);
      expect(sendToPublish(nativeSend(), { connectionId: 'r', version: 5, subscription: { grantedQos: 0 } }, 0)?.qos).toBe(0);
    });

    it('delivers a REST send to group on the group topic with its content type', () => {
      const send = nativeSend({ payload: { dataType: 'text', data: 'hello' }, from: { kind: 'server' } });
      expect(sendToPublish(send, { connectionId: 'r', version: 5, subscription: { grantedQos: 1, subscriptionIdentifier: 3 } }, 0)).toEqual({
        topic: 'sensors',
        payload: utf8('hello'),
        qos: 1,
        retain: false,
        properties: { contentType: 'text/plain', subscriptionIdentifier: 3 },
      });
    });

    it.each([{ kind: 'hub' }, { kind: 'user', userId: 'u' }, { kind: 'connection', connectionId: 'r' }] as const)(
      'delivers a REST send to %j on $webpubsub/server/messages at QoS 1',
      (target) => {
        const send = nativeSend({ target, from: { kind: 'server' }, payload: { dataType: 'binary', data: new Uint8Array([5]) } });
        expect(sendToPublish(send, { connectionId: 'r', version: 5 }, 0)).toEqual({
          topic: '$webpubsub/server/messages',
          payload: new Uint8Array([5]),
          qos: 1,
          retain: false,
          properties: { contentType: 'application/octet-stream' },
        });
      },
    );

    it('sends 3.1.1 receivers the bytes without a content type', () => {
      expect(sendToPublish(nativeSend(), { connectionId: 'r', version: 4, subscription: { grantedQos: 1 } }, 0)).toEqual({
        topic: 'sensors',
        payload: utf8('{"a":1}'),
        qos: 1,
        retain: false,
        properties: undefined,
      });
    });

    it('does not downgrade a membership made without SUBSCRIBE', () => {
      expect(sendToPublish(nativeSend(), { connectionId: 'r', version: 5 }, 0)?.qos).toBe(1);
    });

    it('delivers nothing for a group that cannot be a topic', () => {
      expect(sendToPublish(nativeSend({ target: { kind: 'group', group: 'a/#' } }), { connectionId: 'r', version: 5 }, 0)).toBeUndefined();
    });
  });

  describe('user event responses (upstream-events.md §8.4)', () => {
    const request = { event: 'chat', qos: 2 as const, correlationData: new Uint8Array([4, 2]) };

    it('answers on /succeeded with the request QoS, status, content type, headers and correlation data', () => {
      const send = userEventResponseToSend('chat', 'dev1', request, {
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: utf8('{"ok":true}'),
        headers: [
          ['content-type', 'application/json; charset=utf-8'],
          ['mqtt-region', 'eu'],
        ],
      });
      expect(sendToPublish(send, { connectionId: 'dev1', version: 5 }, 0)).toEqual({
        topic: '$webpubsub/server/events/chat/succeeded',
        payload: utf8('{"ok":true}'),
        qos: 2,
        retain: false,
        properties: {
          contentType: 'application/json; charset=utf-8',
          correlationData: new Uint8Array([4, 2]),
          userProperties: [
            { name: 'azure-status-code', value: '200' },
            { name: 'region', value: 'eu' },
          ],
        },
      });
    });

    it('answers on /failed for a non-2xx status', () => {
      const send = userEventResponseToSend('chat', 'dev1', request, { status: 500, body: new Uint8Array(), headers: [] });
      expect(sendToPublish(send, { connectionId: 'dev1', version: 4 }, 0)).toEqual({
        topic: '$webpubsub/server/events/chat/failed',
        payload: new Uint8Array(),
        qos: 2,
        retain: false,
        properties: undefined,
      });
    });

    it('caps the QoS by a subscription to the response topic', () => {
      const send = userEventResponseToSend('chat', 'dev1', request, { status: 204, body: new Uint8Array(), headers: [] });
      expect(sendToPublish(send, { connectionId: 'dev1', version: 5, subscription: { grantedQos: 0 } }, 0)?.qos).toBe(0);
    });
  });
});

describe('message expiry countdown', () => {
  it('counts whole seconds left and treats 0 as no expiry', () => {
    expect(remainingExpiry(undefined, 0, 99_000)).toBeUndefined();
    expect(remainingExpiry(0, 0, 99_000)).toBe(0);
    expect(remainingExpiry(10, 0, 9_999)).toBe(1);
    expect(remainingExpiry(10, 0, 10_000)).toBe('expired');
    expect(remainingExpiry(10, 5_000, 0)).toBe(10);
  });
});
