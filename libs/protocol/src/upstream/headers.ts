/**
 * The headers of every event request (spec/upstream-events.md §3): CloudEvents 1.0 in binary
 * content mode, with the Web PubSub extension attributes as `ce-*` headers, spelt as the spec
 * shows them (names are case-insensitive on the wire).
 *
 * `@azure/web-pubsub-express` ignores a request without `ce-awpsversion` or
 * `WebHook-Request-Origin`, and treats it as MQTT only when `ce-subprotocol` contains `mqtt` and
 * `ce-physicalConnectionId` is present (§2, §8), so those are always sent.
 */
import { toHeaderValue } from './header-value';
import { CONNECTION_STATE_HEADER } from './connection-state';
import { cloudEventType, type UpstreamEvent } from './upstream-event';

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';
export const AWPS_VERSION = '1.0';
export const MQTT_SUBPROTOCOL = 'mqtt';
/** Content type of `connect`, `connected` and `disconnected` requests (§3). */
export const SYSTEM_EVENT_CONTENT_TYPE = 'application/json; charset=utf-8';

/** What the request headers say about the connection an event belongs to. */
export interface UpstreamConnection {
  /** The hub name as the client used it. */
  hub: string;
  /** MQTT: the client id. */
  connectionId: string;
  userId: string | null;
  /** The selected subprotocol (a custom one for a simple client that offered one), or null. */
  subprotocol: string | null;
  /** Opaque state last set by a handler response, or null. */
  connectionState: string | null;
  /** Present for MQTT connections only. */
  mqtt?: {
    physicalConnectionId: string;
    /** Null only before the session exists, i.e. on `connect`. */
    sessionId: string | null;
  };
}

export interface CloudEventHeadersInput {
  event: UpstreamEvent;
  connection: UpstreamConnection;
  /** `ce-id`: unique among the events of one connection; Azure counts up from 1. */
  id: string | number;
  time: Date;
  /** `WebHook-Request-Origin`: the host name of Switchboard's public endpoint (§2). */
  origin: string;
  /** `ce-signature`, from `connectionSignature`. */
  signature: string;
  /** `SYSTEM_EVENT_CONTENT_TYPE` for system events; for user events see user-event.ts. */
  contentType: string;
}

export function cloudEventHeaders(input: CloudEventHeadersInput): Record<string, string> {
  const { event, connection } = input;
  const mqtt = connection.mqtt;
  const headers: Record<string, string> = {
    'WebHook-Request-Origin': input.origin,
    'Content-Type': input.contentType,
    'ce-specversion': CLOUD_EVENTS_SPEC_VERSION,
    'ce-type': toHeaderValue(cloudEventType(event)),
    'ce-source': toHeaderValue(cloudEventSource(connection)),
    'ce-id': String(input.id),
    'ce-time': cloudEventTime(input.time),
    'ce-awpsversion': AWPS_VERSION,
    'ce-signature': input.signature,
  };
  // Absent, not empty, for an anonymous connection.
  if (connection.userId !== null && connection.userId !== '') headers['ce-userId'] = toHeaderValue(connection.userId);
  headers['ce-connectionId'] = toHeaderValue(connection.connectionId);
  headers['ce-hub'] = toHeaderValue(connection.hub);
  headers['ce-eventName'] = toHeaderValue(event.name);
  const subprotocol = cloudEventSubprotocol(input);
  if (subprotocol !== null) headers['ce-subprotocol'] = toHeaderValue(subprotocol);
  if (connection.connectionState !== null && connection.connectionState !== '') {
    headers[CONNECTION_STATE_HEADER] = connection.connectionState;
  }
  if (mqtt !== undefined) {
    headers['ce-physicalConnectionId'] = toHeaderValue(mqtt.physicalConnectionId);
    // Every MQTT event except `connect`: the session does not exist before it is accepted.
    if (!isConnect(event) && mqtt.sessionId !== null) headers['ce-sessionId'] = toHeaderValue(mqtt.sessionId);
  }
  return headers;
}

/** `ce-source`: `/hubs/{hub}/client/{connectionId}`; MQTT adds `/{physicalConnectionId}`. */
export function cloudEventSource(connection: UpstreamConnection): string {
  const source = `/hubs/${connection.hub}/client/${connection.connectionId}`;
  return connection.mqtt === undefined ? source : `${source}/${connection.mqtt.physicalConnectionId}`;
}

/** `ce-time`: UTC, `yyyy-MM-ddTHH:mm:ssZ` (whole seconds). */
export function cloudEventTime(time: Date): string {
  return time.toISOString().slice(0, 19) + 'Z';
}

/**
 * `ce-subprotocol`: MQTT always sends `mqtt` (the express SDK's MQTT detection needs it, even on
 * `connect`, §8). A native `connect` sends none: the subprotocol is not chosen yet and the offered
 * ones are in the body (§3).
 */
function cloudEventSubprotocol(input: CloudEventHeadersInput): string | null {
  if (input.connection.mqtt !== undefined) return MQTT_SUBPROTOCOL;
  if (isConnect(input.event)) return null;
  const subprotocol = input.connection.subprotocol;
  return subprotocol === null || subprotocol === '' ? null : subprotocol;
}

function isConnect(event: UpstreamEvent): boolean {
  return event.kind === 'system' && event.name === 'connect';
}
