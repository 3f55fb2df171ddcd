import { cloudEventHeaders, cloudEventTime, SYSTEM_EVENT_CONTENT_TYPE, type CloudEventHeadersInput, type UpstreamConnection } from './headers';
import { cloudEventType, isBlockingEvent, systemEvent, userEvent } from './upstream-event';

const native: UpstreamConnection = {
  hub: 'chat',
  connectionId: 'Xz1abc',
  userId: 'alice',
  subprotocol: 'json.webpubsub.azure.v1',
  connectionState: null,
};

const mqtt: UpstreamConnection = {
  hub: 'chat',
  connectionId: 'device17',
  userId: 'device-17',
  subprotocol: 'mqtt',
  connectionState: null,
  mqtt: { physicalConnectionId: 'p-1', sessionId: 's-1' },
};

const input = (overrides: Partial<CloudEventHeadersInput>): CloudEventHeadersInput => ({
  event: systemEvent('connect'),
  connection: native,
  id: 1,
  time: new Date('2026-01-01T00:00:00.123Z'),
  origin: 'switchboard.example.com',
  signature: 'sha256=7c0,sha256=19a',
  contentType: SYSTEM_EVENT_CONTENT_TYPE,
  ...overrides,
});

describe('CloudEvents headers', () => {
  it('match the native connect example of the spec exactly, names spelt as shown', () => {
    expect(cloudEventHeaders(input({}))).toEqual({
      'WebHook-Request-Origin': 'switchboard.example.com',
      'Content-Type': 'application/json; charset=utf-8',
      'ce-specversion': '1.0',
      'ce-type': 'azure.webpubsub.sys.connect',
      'ce-source': '/hubs/chat/client/Xz1abc',
      'ce-id': '1',
      'ce-time': '2026-01-01T00:00:00Z',
      'ce-awpsversion': '1.0',
      'ce-signature': 'sha256=7c0,sha256=19a',
      'ce-userId': 'alice',
      'ce-connectionId': 'Xz1abc',
      'ce-hub': 'chat',
      'ce-eventName': 'connect',
    });
  });

  it('send no ce-subprotocol on a native connect: the offered list is in the body', () => {
    expect(cloudEventHeaders(input({}))).not.toHaveProperty('ce-subprotocol');
  });

  it('send the selected subprotocol and the connection state on connected', () => {
    const headers = cloudEventHeaders(
      input({
        event: systemEvent('connected'),
        connection: { ...native, subprotocol: 'json.reliable.webpubsub.azure.v1', connectionState: 'eyJrZXkiOiJhIn0=' },
      }),
    );
    expect(headers['ce-type']).toBe('azure.webpubsub.sys.connected');
    expect(headers['ce-eventName']).toBe('connected');
    expect(headers['ce-subprotocol']).toBe('json.reliable.webpubsub.azure.v1');
    expect(headers['ce-connectionState']).toBe('eyJrZXkiOiJhIn0=');
  });

  it('name user events azure.webpubsub.user.{event}, with the bare name in ce-eventName', () => {
    const headers = cloudEventHeaders(input({ event: userEvent('message'), contentType: 'text/plain' }));
    expect(headers['ce-type']).toBe('azure.webpubsub.user.message');
    expect(headers['ce-eventName']).toBe('message');
    expect(headers['Content-Type']).toBe('text/plain');
  });

  it('leave ce-userId out for an anonymous connection rather than sending it empty', () => {
    expect(cloudEventHeaders(input({ connection: { ...native, userId: null } }))).not.toHaveProperty('ce-userId');
    expect(cloudEventHeaders(input({ connection: { ...native, userId: '' } }))).not.toHaveProperty('ce-userId');
  });

  it('leave ce-subprotocol out for a simple client without one, and send a custom one it chose', () => {
    const event = userEvent('message');
    expect(cloudEventHeaders(input({ event, connection: { ...native, subprotocol: null } }))).not.toHaveProperty('ce-subprotocol');
    expect(cloudEventHeaders(input({ event, connection: { ...native, subprotocol: 'chat.v2' } }))['ce-subprotocol']).toBe('chat.v2');
  });

  it('leave ce-connectionState out until a handler set one', () => {
    expect(cloudEventHeaders(input({ event: userEvent('message') }))).not.toHaveProperty('ce-connectionState');
  });

  it('carry the event id as given', () => {
    expect(cloudEventHeaders(input({ id: 42 }))['ce-id']).toBe('42');
    expect(cloudEventHeaders(input({ id: 'abc' }))['ce-id']).toBe('abc');
  });

  it('send non-ASCII user ids as their UTF-8 bytes', () => {
    expect(cloudEventHeaders(input({ connection: { ...native, userId: 'José' } }))['ce-userId']).toBe('Jos\u00c3\u00a9');
  });

  describe('MQTT', () => {
    it('send ce-subprotocol: mqtt and ce-physicalConnectionId on connect, but no ce-sessionId', () => {
      const headers = cloudEventHeaders(input({ connection: { ...mqtt, mqtt: { physicalConnectionId: 'p-1', sessionId: null } } }));
      expect(headers['ce-subprotocol']).toBe('mqtt');
      expect(headers['ce-physicalConnectionId']).toBe('p-1');
      expect(headers).not.toHaveProperty('ce-sessionId');
    });

    it('still omit ce-sessionId on connect when the gateway already knows one', () => {
      expect(cloudEventHeaders(input({ connection: mqtt }))).not.toHaveProperty('ce-sessionId');
    });

    it('send ce-sessionId on every other event', () => {
      for (const event of [systemEvent('connected'), systemEvent('disconnected'), userEvent('telemetry')]) {
        expect(cloudEventHeaders(input({ event, connection: mqtt }))['ce-sessionId']).toBe('s-1');
      }
    });

    it('use the client id as connection id and add the physical connection to ce-source', () => {
      const headers = cloudEventHeaders(input({ event: systemEvent('connected'), connection: mqtt }));
      expect(headers['ce-connectionId']).toBe('device17');
      expect(headers['ce-source']).toBe('/hubs/chat/client/device17/p-1');
    });

    it('send mqtt as the subprotocol whatever the connection record says', () => {
      expect(cloudEventHeaders(input({ connection: { ...mqtt, subprotocol: null } }))['ce-subprotocol']).toBe('mqtt');
    });
  });

  it('write ce-time as UTC yyyy-MM-ddTHH:mm:ssZ', () => {
    expect(cloudEventTime(new Date(Date.UTC(2026, 4, 7, 8, 9, 10, 999)))).toBe('2026-05-07T08:09:10Z');
  });
});

describe('event kinds', () => {
  it('give each event its ce-type', () => {
    expect(cloudEventType(systemEvent('connect'))).toBe('azure.webpubsub.sys.connect');
    expect(cloudEventType(systemEvent('connected'))).toBe('azure.webpubsub.sys.connected');
    expect(cloudEventType(systemEvent('disconnected'))).toBe('azure.webpubsub.sys.disconnected');
    expect(cloudEventType(userEvent('chat'))).toBe('azure.webpubsub.user.chat');
  });

  it('make connect and user events blocking, connected and disconnected not', () => {
    expect(isBlockingEvent(systemEvent('connect'))).toBe(true);
    expect(isBlockingEvent(userEvent('connected'))).toBe(true);
    expect(isBlockingEvent(systemEvent('connected'))).toBe(false);
    expect(isBlockingEvent(systemEvent('disconnected'))).toBe(false);
  });
});
