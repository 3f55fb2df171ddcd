import { answerFailure, connackCodeFor, subackCodeFor } from './failure-answers';

describe('what to answer for a failure', () => {
  describe('CONNECT validation (mqtt.md §1)', () => {
    it.each([
      ['unsupportedProtocolVersion', 1, 0x84],
      ['clientIdentifierNotValid', 2, 0x85],
      ['willTopicInvalid', 2, 0x90],
      ['willPayloadTooLarge', 2, 0x95],
      ['notAuthorized', 5, 0x87],
      ['tokenInvalid', 5, 0x87],
      ['badUserNameOrPassword', 4, 0x86],
      ['quotaExceeded', 3, 0x97],
      ['upstreamError', 3, 0x80],
    ] as const)('refuses %s with CONNACK %i on 3.1.1 and 0x%s on 5.0', (failure, v4, v5) => {
      expect(answerFailure('connect', failure, 4)).toEqual({ kind: 'connack', code: v4 });
      expect(answerFailure('connect', failure, 5)).toEqual({ kind: 'connack', code: v5 });
    });

    it('refuses a 3.1.1 keep alive out of range with 2 and accepts any on 5.0', () => {
      expect(connackCodeFor('keepAliveOutOfRange', 4)).toBe(2);
      expect(connackCodeFor('keepAliveOutOfRange', 5)).toBeUndefined();
    });

    it('refuses a 5.0 will retain with 0x9A and ignores it on 3.1.1', () => {
      expect(answerFailure('connect', 'willRetainNotSupported', 5)).toEqual({ kind: 'connack', code: 0x9a });
      expect(answerFailure('connect', 'willRetainNotSupported', 4)).toEqual({ kind: 'proceed' });
    });

    it('refuses enhanced authentication with 0x8C', () => {
      expect(connackCodeFor('badAuthenticationMethod', 5)).toBe(0x8c);
    });
  });

  describe('SUBSCRIBE (mqtt.md §3)', () => {
    it.each([
      ['notAuthorized', 0x87],
      ['wildcardSubscriptionsNotSupported', 0xa2],
      ['sharedSubscriptionsNotSupported', 0x9e],
      ['topicFilterInvalid', 0x8f],
    ] as const)('answers %s with 0x80 on 3.1.1 and 0x%s on 5.0', (failure, v5) => {
      expect(subackCodeFor(failure, 4)).toBe(0x80);
      expect(subackCodeFor(failure, 5)).toBe(v5);
    });
  });

  describe('PUBLISH (mqtt.md §4)', () => {
    it('answers an unauthorised publish with PUBACK 0x87 on 5.0 and ack-and-drop on 3.1.1', () => {
      expect(answerFailure('publish', 'notAuthorized', 5)).toEqual({ kind: 'puback', code: 0x87 });
      expect(answerFailure('publish', 'notAuthorized', 4)).toEqual({ kind: 'ackAndDrop' });
    });

    it('disconnects a retained publish with 0x9A on 5.0 and delivers it on 3.1.1', () => {
      expect(answerFailure('publish', 'retainNotSupported', 5)).toEqual({ kind: 'disconnect', code: 0x9a });
      expect(answerFailure('publish', 'retainNotSupported', 4)).toEqual({ kind: 'proceed' });
    });

    it('disconnects a topic alias with 0x94', () => {
      expect(answerFailure('publish', 'topicAliasInvalid', 5)).toEqual({ kind: 'disconnect', code: 0x94 });
    });

    it('treats a wildcard or empty topic as a protocol error: DISCONNECT 0x90 on 5.0, close on 3.1.1', () => {
      expect(answerFailure('publish', 'topicNameInvalid', 5)).toEqual({ kind: 'disconnect', code: 0x90 });
      expect(answerFailure('publish', 'topicNameInvalid', 4)).toEqual({ kind: 'close' });
    });

    it('answers a payload that breaks its format indicator with PUBACK 0x99', () => {
      expect(answerFailure('publish', 'payloadFormatInvalid', 5)).toEqual({ kind: 'puback', code: 0x99 });
    });
  });

  describe('server-sent DISCONNECT (mqtt.md §2, §6)', () => {
    it.each([
      ['sessionTakenOver', 0x8e],
      ['keepAliveTimeout', 0x8d],
      ['serverShuttingDown', 0x8b],
      ['administrativeAction', 0x98],
      ['quotaExceeded', 0x97],
    ] as const)('sends %s as 0x%s on 5.0 and just closes 3.1.1', (reason, code) => {
      expect(answerFailure('disconnect', reason, 5)).toEqual({ kind: 'disconnect', code });
      expect(answerFailure('disconnect', reason, 4)).toEqual({ kind: 'close' });
    });
  });
});
