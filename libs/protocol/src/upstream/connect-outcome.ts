/**
 * What a `connect` call decides (spec/upstream-events.md §4, MQTT §8.1).
 *
 * Native: `204`, or `200` with an empty or JSON body, accepts. Any non-2xx rejects: a `4xx` is
 * returned as the upgrade response status as is (`400`, `401`, `403`...); a `5xx`, a timeout, an
 * unreachable handler or an unusable 2xx answer become `500` (client-protocols.md §1).
 *
 * MQTT: the same acceptance, then CONNACK success; a rejection becomes a CONNACK refusal built by
 * the MQTT mapping (`upstreamConnectRejection`: the handler's `mqtt.code` whatever the status,
 * else the §8.1 status table), a timeout or unusable answer counting as `500`.
 */
import type { MqttProtocolVersion } from '../mqtt/protocol-version';
import { decodeUtf8 } from '../mqtt/content-type';
import { upstreamConnectRejection, type UpstreamConnectRejection } from '../mqtt/upstream-connect';
import { readConnectionState, type ConnectionStateLimits, type ConnectionStateUpdate } from './connection-state';
import { parseConnectResponse, type ConnectResponse, type ConnectResponseError } from './connect-response';
import {
  UNREACHABLE_HANDLER_STATUS,
  errorDetail,
  isSuccessStatus,
  readResponseHeaders,
  unexpectedStatusMessage,
  unreachableMessage,
  type HandlerCallResult,
  type HandlerResponse,
} from './handler-response';
import { MQTT_SUBPROTOCOL } from './headers';

export interface ConnectAccepted {
  accept: true;
  response: ConnectResponse;
  connectionState: ConnectionStateUpdate;
}

export interface ConnectRejected {
  accept: false;
  /** Native: the upgrade response status. MQTT: the handler's status (`500` when none), for logs. */
  status: number;
  /** For logs and the live trace. */
  message: string;
  /** The handler's error body (the express SDK's `fail(code, detail)`), if it sent text. */
  detail?: string;
  /** Set when a 2xx answer was unusable: which field was wrong. */
  invalidField?: ConnectResponseError['field'];
}

export type ConnectOutcome = ConnectAccepted | ConnectRejected;

export type MqttConnectOutcome = ConnectAccepted | (ConnectRejected & { connack: UpstreamConnectRejection });

export function nativeConnectOutcome(result: HandlerCallResult, limits?: ConnectionStateLimits): ConnectOutcome {
  if (result.kind !== 'response') return rejected(UNREACHABLE_HANDLER_STATUS, unreachableMessage(result));
  if (!isSuccessStatus(result.status)) {
    const status = result.status >= 400 && result.status <= 499 ? result.status : UNREACHABLE_HANDLER_STATUS;
    return rejected(status, unexpectedStatusMessage(result.status), errorDetail(result.body));
  }
  return acceptance(result, false, limits);
}

export function mqttConnectOutcome(
  result: HandlerCallResult,
  protocolVersion: MqttProtocolVersion,
  limits?: ConnectionStateLimits,
): MqttConnectOutcome {
  const refuse = (rejection: ConnectRejected, body?: unknown): MqttConnectOutcome => ({
    ...rejection,
    connack: upstreamConnectRejection(rejection.status, body, protocolVersion),
  });
  if (result.kind !== 'response') return refuse(rejected(UNREACHABLE_HANDLER_STATUS, unreachableMessage(result)));
  if (!isSuccessStatus(result.status)) {
    const body = jsonBody(result.body);
    const connack = upstreamConnectRejection(result.status, body, protocolVersion);
    // The reason the handler gave (kept for logs even where a 3.1.1 CONNACK cannot carry it),
    // else its plain-text detail.
    const detail = body === undefined ? errorDetail(result.body) : mqttReason(body);
    return { ...rejected(result.status, unexpectedStatusMessage(result.status), detail), connack };
  }
  const outcome = acceptance(result, true, limits);
  if (!outcome.accept) return refuse(outcome);
  const subprotocol = outcome.response.subprotocol;
  if (subprotocol !== undefined && subprotocol !== MQTT_SUBPROTOCOL) {
    return refuse(invalidResponse({ field: 'subprotocol', message: `subprotocol must be '${MQTT_SUBPROTOCOL}' or absent` }));
  }
  return outcome;
}

function acceptance(result: HandlerResponse, mqtt: boolean, limits: ConnectionStateLimits | undefined): ConnectOutcome {
  const read = parseConnectResponse(result.body, { mqtt });
  if (!read.ok) return invalidResponse(read.error);
  const state = readConnectionState(readResponseHeaders(result.headers).connectionStates, limits);
  if (!state.ok) return invalidResponse({ field: 'ce-connectionState', message: state.problem });
  return { accept: true, response: read.value, connectionState: state.update };
}

/** The parsed body of a failure, or undefined when it is not JSON (e.g. a plain-text detail). */
function jsonBody(body: Uint8Array): unknown {
  const text = decodeUtf8(body);
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function mqttReason(body: unknown): string | undefined {
  const mqtt = typeof body === 'object' && body !== null ? (body as { mqtt?: unknown }).mqtt : undefined;
  const reason = typeof mqtt === 'object' && mqtt !== null ? (mqtt as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && reason !== '' ? reason : undefined;
}

function invalidResponse(error: ConnectResponseError): ConnectRejected {
  return {
    accept: false,
    status: UNREACHABLE_HANDLER_STATUS,
    message: `the connect response is invalid: ${error.message}`,
    invalidField: error.field,
  };
}

function rejected(status: number, message: string, detail?: string): ConnectRejected {
  return detail === undefined ? { accept: false, status, message } : { accept: false, status, message, detail };
}
