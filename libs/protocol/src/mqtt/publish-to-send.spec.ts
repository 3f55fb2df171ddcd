import { compileRoles } from '../permissions/permission-set';
import type { IncomingPublish } from './application-message';
import { publishToSend, type PublishContext } from './publish-to-send';

const utf8 = (text: string) => new TextEncoder().encode(text);

function context(overrides: Partial<PublishContext> = {}): PublishContext {
  return {
    hub: 'chat',
    version: 5,
    connectionId: 'device17',
    userId: 'device-17',
    permissions: compileRoles(['webpubsub.sendToGroup']),
    receivedAtMs: 1_000,
    ...overrides,
  };
}

function publish(overrides: Partial<IncomingPublish> = {}): IncomingPublish {
  return { topic: 'sensors', payload: new Uint8Array([1, 2, 3]), qos: 1, retain: false, ...overrides };
}

describe('PUBLISH from an MQTT client (mqtt.md §4)', () => {
  describe('send to group', () => {
    it('becomes a Send to the group of the topic, from the sender', () => {
      const outcome = publishToSend(publish(), context());
      expect(outcome).toMatchObject({
        kind: 'send',
        send: {
          hub: 'chat',
          target: { kind: 'group', group: 'sensors' },
          payload: { dataType: 'binary', data: new Uint8Array([1, 2, 3]) },
          from: { kind: 'connection', connectionId: 'device17', userId: 'device-17' },
        },
      });
    });

    it('gives native receivers JSON for an application/json payload', () => {
      const outcome = publishToSend(publish({ payload: utf8('{"t":21.5}'), properties: { contentType: 'application/json' } }), context());
      expect(outcome).toMatchObject({ kind: 'send', send: { payload: { dataType: 'json', data: '{"t":21.5}' } } });
    });

    it('falls back to binary for native receivers when the JSON is invalid, and still delivers', () => {
      const payload = utf8('{oops');
      const outcome = publishToSend(publish({ payload, properties: { contentType: 'application/json' } }), context());
      expect(outcome).toMatchObject({ kind: 'send', send: { payload: { dataType: 'binary', data: payload } } });
    });

    it('ignores v5 properties a 3.1.1 decoder may have left', () => {
      const outcome = publishToSend(publish({ properties: { contentType: 'text/plain', topicAlias: 3 } }), context({ version: 4 }));
      expect(outcome).toMatchObject({ kind: 'send', send: { payload: { dataType: 'binary' } } });
    });

    it('keeps what MQTT receivers need: QoS, bytes and properties without the topic alias', () => {
      const properties = {
        contentType: 'application/json',
        responseTopic: 'replies',
        correlationData: new Uint8Array([9]),
        userProperties: [{ name: 'a', value: 'b' }],
        messageExpiryInterval: 60,
        payloadFormatIndicator: true,
      };
      const payload = utf8('{}');
      const outcome = publishToSend(publish({ qos: 2, payload, properties }), context());
      expect(outcome).toMatchObject({ kind: 'send', send: { mqtt: { kind: 'publish', qos: 2, payload, properties, receivedAtMs: 1_000 } } });
    });
  });

  describe('permissions', () => {
    it('refuses without sendToGroup: PUBACK 0x87 on 5.0', () => {
      const outcome = publishToSend(publish(), context({ permissions: compileRoles(['webpubsub.joinLeaveGroup']) }));
      expect(outcome).toMatchObject({ kind: 'refused', failure: 'notAuthorized', answer: { kind: 'puback', code: 0x87 } });
    });

    it('acknowledges and drops on 3.1.1 so clients do not loop', () => {
      const outcome = publishToSend(publish(), context({ version: 4, permissions: compileRoles([]) }));
      expect(outcome).toMatchObject({ kind: 'refused', answer: { kind: 'ackAndDrop' } });
    });

    it('accepts a group role and a matching pattern role', () => {
      expect(publishToSend(publish(), context({ permissions: compileRoles(['webpubsub.sendToGroup.sensors']) })).kind).toBe('send');
      expect(publishToSend(publish({ topic: 'room.1' }), context({ permissions: compileRoles(['webpubsub.sendToGroups.room.*']) })).kind).toBe(
        'send',
      );
      expect(publishToSend(publish(), context({ permissions: compileRoles(['webpubsub.sendToGroup.other']) })).kind).toBe('refused');
    });

    it('refuses other $ topics like an unauthorised publish', () => {
      expect(publishToSend(publish({ topic: '$webpubsub/server/messages' }), context())).toMatchObject({
        failure: 'notAuthorized',
        answer: { kind: 'puback', code: 0x87 },
      });
    });
  });

  describe('protocol errors', () => {
    it('disconnects a retained PUBLISH with 0x9A on 5.0', () => {
      expect(publishToSend(publish({ retain: true }), context())).toMatchObject({ answer: { kind: 'disconnect', code: 0x9a } });
    });

    it('delivers a retained PUBLISH as non-retained on 3.1.1', () => {
      expect(publishToSend(publish({ retain: true }), context({ version: 4 })).kind).toBe('send');
    });

    it('disconnects a topic alias with 0x94', () => {
      expect(publishToSend(publish({ properties: { topicAlias: 1 } }), context())).toMatchObject({
        failure: 'topicAliasInvalid',
        answer: { kind: 'disconnect', code: 0x94 },
      });
    });

    it('disconnects a wildcard topic with 0x90 on 5.0 and closes on 3.1.1', () => {
      expect(publishToSend(publish({ topic: 'a/#' }), context())).toMatchObject({ answer: { kind: 'disconnect', code: 0x90 } });
      expect(publishToSend(publish({ topic: '' }), context({ version: 4 }))).toMatchObject({ answer: { kind: 'close' } });
    });

    it('refuses a subscription identifier from a client as a protocol error', () => {
      expect(publishToSend(publish({ properties: { subscriptionIdentifier: 4 } }), context())).toMatchObject({
        answer: { kind: 'disconnect', code: 0x82 },
      });
    });

    it('answers PUBACK 0x99 when the payload breaks its format indicator', () => {
      const outcome = publishToSend(publish({ payload: new Uint8Array([0xff]), properties: { payloadFormatIndicator: true } }), context());
      expect(outcome).toMatchObject({ failure: 'payloadFormatInvalid', answer: { kind: 'puback', code: 0x99 } });
    });

    it('answers PUBACK 0x90 for a topic that cannot be a group', () => {
      expect(publishToSend(publish({ topic: 'x'.repeat(1025) }), context())).toMatchObject({ answer: { kind: 'puback', code: 0x90 } });
    });
  });

  describe('user events (upstream-events.md §8.4)', () => {
    it('turns a PUBLISH to $webpubsub/server/events/{event} into a user event, with no role needed', () => {
      const payload = utf8('hi');
      const outcome = publishToSend(
        publish({
          topic: '$webpubsub/server/events/chat',
          payload,
          qos: 1,
          properties: { contentType: 'text/plain', userProperties: [{ name: 'lang', value: 'en' }], correlationData: new Uint8Array([7]) },
        }),
        context({ permissions: compileRoles([]) }),
      );
      expect(outcome).toEqual({
        kind: 'userEvent',
        request: {
          event: 'chat',
          body: payload,
          contentType: 'text/plain',
          headers: [['mqtt-lang', 'en']],
          qos: 1,
          correlationData: new Uint8Array([7]),
        },
      });
    });

    it('still refuses a retained user event on 5.0', () => {
      expect(publishToSend(publish({ topic: '$webpubsub/server/events/chat', retain: true }), context())).toMatchObject({
        answer: { kind: 'disconnect', code: 0x9a },
      });
    });
  });
});
