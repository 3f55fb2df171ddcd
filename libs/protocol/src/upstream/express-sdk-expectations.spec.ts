/**
 * What `@azure/web-pubsub-express` (1.0.6 / 1.1.0, `CloudEventsDispatcher`) requires before it
 * looks at a request (spec/upstream-events.md §2, §3, §6, §8). Its checks are restated here as
 * they read in the SDK, and every request Switchboard builds is run through them, so a header
 * rename or a dropped header fails here rather than in an app.
 */
import { createHmac } from 'node:crypto';
import { abuseProtectionHeaders } from './abuse-protection';
import { cloudEventHeaders, SYSTEM_EVENT_CONTENT_TYPE, type UpstreamConnection } from './headers';
import { userEventRequest as mqttUserEventRequest } from '../mqtt/user-events';
import { connectionSignature } from './signature';
import { systemEvent, userEvent, type UpstreamEvent } from './upstream-event';
import { userEventRequestBody } from './user-event';
import { toJsonText, type JsonText } from '../native/json-text';

/** Node's IncomingMessage lower-cases header names; the SDK reads them so. */
type IncomingHeaders = Record<string, string>;
const asReceived = (headers: Record<string, string>): IncomingHeaders =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

type SdkEvent = 'connect' | 'connected' | 'disconnected' | 'user';

/** `CloudEventsDispatcher.handleRequest` up to the point where it calls the app's handler. */
function expressDispatch(hub: string, headers: IncomingHeaders): { event: SdkEvent; mqtt: boolean; dataType?: string } | 'not mine' {
  if (headers['ce-awpsversion'] === undefined) return 'not mine'; // isWebPubSubRequest
  if (headers['webhook-request-origin'] === undefined) return 'not mine';
  const type = headers['ce-type'];
  if (!type?.startsWith('azure.webpubsub.')) return 'not mine';
  let event: SdkEvent;
  if (type.startsWith('azure.webpubsub.user.')) event = 'user';
  else if (type === 'azure.webpubsub.sys.connect') event = 'connect';
  else if (type === 'azure.webpubsub.sys.connected') event = 'connected';
  else if (type === 'azure.webpubsub.sys.disconnected') event = 'disconnected';
  else return 'not mine';
  if (headers['ce-hub']?.toUpperCase() !== hub.toUpperCase()) return 'not mine';
  // isMqttRequest
  const subprotocol = headers['ce-subprotocol'];
  const mqtt = subprotocol !== undefined && subprotocol.toLowerCase().includes('mqtt') && headers['ce-physicalconnectionid'] !== undefined;
  if (event !== 'user') return { event, mqtt };
  // readUserEventRequest: the media type must be one of three, else the request falls through.
  const contentType = headers['content-type'];
  if (contentType === undefined) return 'not mine';
  const dataType = { 'application/octet-stream': 'binary', 'application/json': 'json', 'text/plain': 'text' }[
    contentType.split(';')[0].trim()
  ];
  return dataType === undefined ? 'not mine' : { event, mqtt, dataType };
}

/** `CloudEventsDispatcher.handlePreflight`. */
function expressPreflight(headers: IncomingHeaders): 'not mine' | 'answers with WebHook-Allowed-Origin' | 400 {
  if (headers['ce-awpsversion'] === undefined) return 'not mine';
  return headers['webhook-request-origin'] === undefined ? 400 : 'answers with WebHook-Allowed-Origin';
}

const hmacSha256Hex = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('hex');

const native: UpstreamConnection = { hub: 'Chat', connectionId: 'c1', userId: 'alice', subprotocol: 'json.webpubsub.azure.v1', connectionState: null };
const mqtt: UpstreamConnection = {
  hub: 'Chat',
  connectionId: 'device17',
  userId: null,
  subprotocol: 'mqtt',
  connectionState: null,
  mqtt: { physicalConnectionId: 'p1', sessionId: 's1' },
};

function request(event: UpstreamEvent, connection: UpstreamConnection, contentType = SYSTEM_EVENT_CONTENT_TYPE): IncomingHeaders {
  return asReceived(
    cloudEventHeaders({
      event,
      connection,
      id: 1,
      time: new Date(),
      origin: 'switchboard.example.com',
      signature: connectionSignature(connection.connectionId, ['key'], hmacSha256Hex),
      contentType,
    }),
  );
}

describe('@azure/web-pubsub-express expectations', () => {
  it.each([
    ['connect', systemEvent('connect')],
    ['connected', systemEvent('connected')],
    ['disconnected', systemEvent('disconnected')],
  ] as const)('handles a native %s as a native event', (name, event) => {
    expect(expressDispatch('chat', request(event, native))).toEqual({ event: name, mqtt: false });
  });

  it.each([
    ['connect', systemEvent('connect')],
    ['connected', systemEvent('connected')],
    ['disconnected', systemEvent('disconnected')],
  ] as const)('recognises an MQTT %s as MQTT (ce-subprotocol mqtt and ce-physicalConnectionId)', (name, event) => {
    expect(expressDispatch('chat', request(event, mqtt))).toEqual({ event: name, mqtt: true });
  });

  it.each([
    ['text', { dataType: 'text', data: 'hi' }],
    ['json', { dataType: 'json', data: toJsonText('{"a":1}') as JsonText }],
    ['binary', { dataType: 'binary', data: new Uint8Array([1]) }],
    ['binary', { dataType: 'protobuf', data: new Uint8Array([1]) }],
  ] as const)('reads a native user event as %s', (dataType, payload) => {
    const { contentType } = userEventRequestBody(payload);
    expect(expressDispatch('chat', request(userEvent('message'), native, contentType))).toEqual({ event: 'user', mqtt: false, dataType });
  });

  it('reads an MQTT user event without a content type as binary', () => {
    const publish = mqttUserEventRequest('telemetry', { topic: '$webpubsub/server/events/telemetry', payload: new Uint8Array([1]), qos: 1, retain: false }, 4);
    if (!publish.ok) throw new Error(publish.problem);
    expect(expressDispatch('chat', request(userEvent('telemetry'), mqtt, publish.request.contentType))).toEqual({
      event: 'user',
      mqtt: true,
      dataType: 'binary',
    });
  });

  it('matches the hub case-insensitively, so the hub keeps the client’s spelling', () => {
    expect(expressDispatch('CHAT', request(systemEvent('connected'), native))).not.toBe('not mine');
    expect(expressDispatch('other', request(systemEvent('connected'), native))).toBe('not mine');
  });

  it('ignores a request without ce-awpsversion or WebHook-Request-Origin, which is why both are always sent', () => {
    const headers = request(systemEvent('connected'), native);
    const { ['ce-awpsversion']: _version, ...withoutVersion } = headers;
    const { ['webhook-request-origin']: _origin, ...withoutOrigin } = headers;
    expect(expressDispatch('chat', withoutVersion)).toBe('not mine');
    expect(expressDispatch('chat', withoutOrigin)).toBe('not mine');
  });

  it('gives the context it builds every value from our headers', () => {
    const headers = request(userEvent('message'), { ...mqtt, userId: 'u1', connectionState: 'eyJhIjoxfQ==' }, 'text/plain');
    // getContext: signature, userId, hub, connectionId, eventName, states, mqtt.physicalConnectionId, mqtt.sessionId
    expect({
      signature: headers['ce-signature'],
      userId: headers['ce-userid'],
      hub: headers['ce-hub'],
      connectionId: headers['ce-connectionid'],
      eventName: headers['ce-eventname'],
      states: headers['ce-connectionstate'],
      physicalConnectionId: headers['ce-physicalconnectionid'],
      sessionId: headers['ce-sessionid'],
    }).toEqual({
      signature: `sha256=${hmacSha256Hex('key', 'device17')}`,
      userId: 'u1',
      hub: 'Chat',
      connectionId: 'device17',
      eventName: 'message',
      states: 'eyJhIjoxfQ==',
      physicalConnectionId: 'p1',
      sessionId: 's1',
    });
  });

  it('answers the abuse-protection probe only because it carries ce-awpsversion', () => {
    expect(expressPreflight(asReceived(abuseProtectionHeaders('switchboard.example.com')))).toBe('answers with WebHook-Allowed-Origin');
    expect(expressPreflight({ 'webhook-request-origin': 'switchboard.example.com' })).toBe('not mine');
  });
});
