import { userEventOutcome, userEventRequest, userEventResponseToSend, userPropertiesOfHeaders, userPropertyHeaders } from './user-events';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('MQTT user events (upstream-events.md §8.4)', () => {
  describe('the request', () => {
    it('uses the v5 content type as the HTTP Content-Type', () => {
      const result = userEventRequest('chat', { topic: '', payload: utf8('{}'), qos: 0, retain: false, properties: { contentType: 'application/json' } }, 5);
      expect(result).toMatchObject({ ok: true, request: { contentType: 'application/json', qos: 0 } });
    });

    it('defaults to application/octet-stream, always on 3.1.1', () => {
      expect(userEventRequest('chat', { topic: '', payload: utf8('x'), qos: 1, retain: false }, 5)).toMatchObject({
        request: { contentType: 'application/octet-stream', headers: [] },
      });
      expect(
        userEventRequest('chat', { topic: '', payload: utf8('x'), qos: 1, retain: false, properties: { contentType: 'text/plain' } }, 4),
      ).toMatchObject({ request: { contentType: 'application/octet-stream' } });
    });

    it('refuses a content type that is not a MIME type', () => {
      expect(
        userEventRequest('chat', { topic: '', payload: utf8('x'), qos: 1, retain: false, properties: { contentType: 'not a type' } }, 5),
      ).toMatchObject({ ok: false, failure: 'contentTypeInvalid' });
    });

    it('turns each user property into an mqtt-{name} header, in order, skipping those HTTP cannot carry', () => {
      expect(
        userPropertyHeaders([
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
          { name: 'bad name', value: 'x' },
          { name: 'b', value: 'line\r\nbreak' },
          { name: 'c', value: 'caf\u00e9' },
        ]),
      ).toEqual([
        ['mqtt-a', '1'],
        ['mqtt-a', '2'],
      ]);
    });
  });

  describe('the response', () => {
    it('succeeds on 2xx and fails otherwise', () => {
      expect([200, 204, 299, 300, 400, 500].map(userEventOutcome)).toEqual(['succeeded', 'succeeded', 'succeeded', 'failed', 'failed', 'failed']);
    });

    it('reads user properties from mqtt-* headers, whatever their case', () => {
      expect(
        userPropertiesOfHeaders([
          ['MQTT-Region', 'eu'],
          ['mqtt-', 'empty name'],
          ['ce-connectionState', 'x'],
        ]),
      ).toEqual([{ name: 'Region', value: 'eu' }]);
    });

    it('is a Send to the requesting connection, from the server', () => {
      const send = userEventResponseToSend('chat', 'dev1', { event: 'e', qos: 1 }, { status: 200, contentType: 'text/plain', body: utf8('ok'), headers: [] });
      expect(send).toMatchObject({
        hub: 'chat',
        target: { kind: 'connection', connectionId: 'dev1' },
        from: { kind: 'server' },
        payload: { dataType: 'text', data: 'ok' },
        mqtt: { kind: 'userEventResponse', event: 'e', outcome: 'succeeded', qos: 1 },
      });
    });
  });
});
