import { checkWill, willDelayMs, willIsPublished, willToPublish, type Will } from './will';

function will(overrides: Partial<Will> = {}): Will {
  return { topic: 'status', payload: new Uint8Array([1]), qos: 1, retain: false, ...overrides };
}

describe('will message (mqtt.md §1, §6)', () => {
  describe('limits', () => {
    it('accepts a topic of 1–1024 characters and a payload of up to 2000 bytes', () => {
      expect(checkWill(will({ topic: 'x'.repeat(1024), payload: new Uint8Array(2000) }), 5)).toMatchObject({ ok: true });
    });

    it.each(['', '   ', 'x'.repeat(1025), 'a/+', 'a/#'])('refuses the will topic %j', (topic) => {
      expect(checkWill(will({ topic }), 5)).toMatchObject({ ok: false, failure: 'willTopicInvalid' });
    });

    it('refuses a payload over 2000 bytes', () => {
      expect(checkWill(will({ payload: new Uint8Array(2001) }), 4)).toMatchObject({ ok: false, failure: 'willPayloadTooLarge' });
    });

    it('refuses will retain on 5.0 and stores it unretained on 3.1.1', () => {
      expect(checkWill(will({ retain: true }), 5)).toMatchObject({ ok: false, failure: 'willRetainNotSupported' });
      expect(checkWill(will({ retain: true }), 4)).toEqual({ ok: true, will: will({ retain: false }) });
      // A hub that keeps retained messages takes the flag on both versions.
      expect(checkWill(will({ retain: true }), 5, true)).toEqual({ ok: true, will: will({ retain: true }) });
      expect(checkWill(will({ retain: true }), 4, true)).toEqual({ ok: true, will: will({ retain: true }) });
    });
  });

  describe('when it is published', () => {
    it('is published when the network connection ends without DISCONNECT', () => {
      expect(willIsPublished(undefined)).toBe(true);
    });

    it('is not published after a normal DISCONNECT (3.1.1 DISCONNECT counts as 0)', () => {
      expect(willIsPublished(0x00)).toBe(false);
    });

    it('is published after DISCONNECT 0x04 Disconnect with Will Message or an error code', () => {
      expect(willIsPublished(0x04)).toBe(true);
      expect(willIsPublished(0x80)).toBe(true);
    });

    it('waits the will delay, but not past the end of the session', () => {
      expect(willDelayMs(will({ properties: { willDelayInterval: 10 } }), 30)).toBe(10_000);
      expect(willDelayMs(will({ properties: { willDelayInterval: 60 } }), 30)).toBe(30_000);
      expect(willDelayMs(will(), 30)).toBe(0);
    });
  });

  it('becomes a PUBLISH with the will properties, minus the delay', () => {
    const publish = willToPublish(will({ properties: { willDelayInterval: 5, contentType: 'text/plain' } }));
    expect(publish).toEqual({ topic: 'status', payload: new Uint8Array([1]), qos: 1, retain: false, properties: { contentType: 'text/plain' } });
  });
});
