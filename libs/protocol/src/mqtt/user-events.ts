/**
 * MQTT user events as request/response over topics (spec/upstream-events.md §8.4): a PUBLISH to
 * `$webpubsub/server/events/{event}` becomes an HTTP request to the event handler, and its
 * answer comes back to the same client on `.../{event}/succeeded` or `.../{event}/failed`.
 */
import { propertiesOf, type IncomingPublish, type MqttQos, type PublishProperties, type UserProperty } from './application-message';
import { decodeUtf8, isValidMediaType, payloadOfContent, type DataTypeOptions } from './content-type';
import type { MqttSend } from './mqtt-send';
import type { MqttProtocolVersion } from './protocol-version';
import type { UserEventOutcome } from './topics';

/** Each v5 user property `name` travels as header `mqtt-{name}`, both ways. */
export const USER_PROPERTY_HEADER_PREFIX = 'mqtt-';
/** The user property carrying the handler's HTTP status on the response PUBLISH. */
export const STATUS_CODE_USER_PROPERTY = 'azure-status-code';
/** Content-Type of a request without a v5 Content Type (unconfirmed default, §8.4 / §6 table). */
export const DEFAULT_USER_EVENT_CONTENT_TYPE = 'application/octet-stream';

export interface UserEventRequest {
  event: string;
  /** The HTTP body: the PUBLISH payload as is. */
  body: Uint8Array;
  contentType: string;
  /** `mqtt-{name}: value` per user property, in order. */
  headers: Array<[string, string]>;
  /** Kept for the response PUBLISH: its QoS, and the correlation data it echoes. */
  qos: MqttQos;
  correlationData?: Uint8Array;
}

export type UserEventRequestResult =
  | { ok: true; request: UserEventRequest }
  | { ok: false; failure: 'contentTypeInvalid' | 'payloadFormatInvalid'; problem: string };

export function userEventRequest(event: string, publish: IncomingPublish, version: MqttProtocolVersion): UserEventRequestResult {
  const props = propertiesOf(version, publish.properties);
  if (props.contentType !== undefined && !isValidMediaType(props.contentType)) {
    return { ok: false, failure: 'contentTypeInvalid', problem: `content type '${props.contentType}' is not a valid MIME type` };
  }
  if (props.payloadFormatIndicator === true && decodeUtf8(publish.payload) === undefined) {
    return { ok: false, failure: 'payloadFormatInvalid', problem: 'payload format indicator says UTF-8 but the payload is not UTF-8' };
  }
  const request: UserEventRequest = {
    event,
    body: publish.payload,
    contentType: props.contentType ?? DEFAULT_USER_EVENT_CONTENT_TYPE,
    headers: userPropertyHeaders(props.userProperties ?? []),
    qos: publish.qos,
  };
  if (props.correlationData !== undefined) request.correlationData = props.correlationData;
  return { ok: true, request };
}

/**
 * One header per user property. A property that cannot be an HTTP header (a name that is not a
 * token, a value outside visible ASCII, space and tab) is left out: Node's HTTP client throws
 * on such headers, and the spec defines no escaping.
 */
export function userPropertyHeaders(properties: readonly UserProperty[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const { name, value } of properties) {
    if (HEADER_NAME.test(name) && HEADER_VALUE.test(value)) headers.push([USER_PROPERTY_HEADER_PREFIX + name, value]);
  }
  return headers;
}

/** The user properties named by `mqtt-{name}` response headers (matched case-insensitively). */
export function userPropertiesOfHeaders(headers: Iterable<readonly [string, string]>): UserProperty[] {
  const properties: UserProperty[] = [];
  for (const [header, value] of headers) {
    if (header.length > USER_PROPERTY_HEADER_PREFIX.length && header.toLowerCase().startsWith(USER_PROPERTY_HEADER_PREFIX)) {
      properties.push({ name: header.slice(USER_PROPERTY_HEADER_PREFIX.length), value });
    }
  }
  return properties;
}

export interface UserEventResponse {
  /** A timeout or network failure is reported as 500 by the caller (upstream-events.md §3). */
  status: number;
  contentType?: string;
  body: Uint8Array;
  /** Every response header; only `mqtt-*` ones are used. */
  headers: Iterable<readonly [string, string]>;
}

export function userEventOutcome(status: number): UserEventOutcome {
  return status >= 200 && status < 300 ? 'succeeded' : 'failed';
}

/**
 * The Send that brings the handler's answer to the client. Every answer is sent, an empty 204
 * included: the client is waiting on the response topic and there is no other signal
 * (upstream-events.md §8.4 table has no exception).
 */
export function userEventResponseToSend(
  hub: string,
  connectionId: string,
  request: Pick<UserEventRequest, 'event' | 'qos' | 'correlationData'>,
  response: UserEventResponse,
  options: DataTypeOptions = {},
): MqttSend {
  const properties: PublishProperties = {
    userProperties: [{ name: STATUS_CODE_USER_PROPERTY, value: String(response.status) }, ...userPropertiesOfHeaders(response.headers)],
  };
  if (response.contentType !== undefined) properties.contentType = response.contentType;
  if (request.correlationData !== undefined) properties.correlationData = request.correlationData;
  return {
    hub,
    target: { kind: 'connection', connectionId },
    // What a native reader of the Send (trace, dashboard) sees; the MQTT receiver uses `mqtt`.
    payload: payloadOfContent(response.body, response.contentType, options),
    from: { kind: 'server' },
    mqtt: {
      kind: 'userEventResponse',
      event: request.event,
      outcome: userEventOutcome(response.status),
      qos: request.qos,
      payload: response.body,
      properties,
    },
  };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
