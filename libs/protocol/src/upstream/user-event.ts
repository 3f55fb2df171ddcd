/**
 * User events of native clients (spec/upstream-events.md §6): the request body and content type
 * by data type, and what the handler's answer means.
 *
 * Request: exactly `text/plain`, `application/json` or `application/octet-stream` (no charset):
 * the express SDK rejects any other media type. Response: `204` or an empty `200` sends nothing
 * back; a body goes back to the connection as a `from: server` message whose data type follows
 * the response's media type; any non-2xx closes the connection (client-protocols.md §8).
 * MQTT user events have their own mapping (mqtt/user-events.ts, §8.4).
 */
import { payloadOfContent } from '../mqtt/content-type';
import type { DataType, MessagePayload } from '../native/message-payload';
import { readConnectionState, type ConnectionStateLimits, type ConnectionStateUpdate } from './connection-state';
import {
  UNREACHABLE_HANDLER_STATUS,
  errorDetail,
  isSuccessStatus,
  readResponseHeaders,
  unexpectedStatusMessage,
  unreachableMessage,
  type HandlerCallResult,
} from './handler-response';

export const TEXT_CONTENT_TYPE = 'text/plain';
export const JSON_CONTENT_TYPE = 'application/json';
export const BINARY_CONTENT_TYPE = 'application/octet-stream';

export interface UserEventRequestBody {
  contentType: string;
  /** JSON and text as the string (fetch sends it as UTF-8), binary as bytes. */
  body: string | Uint8Array;
}

/**
 * `protobuf` (later wave) has no media type the express SDK accepts, so it goes as
 * `application/octet-stream`, the bytes it is over the JSON subprotocols.
 */
export function userEventContentType(dataType: DataType): string {
  switch (dataType) {
    case 'text':
      return TEXT_CONTENT_TYPE;
    case 'json':
      return JSON_CONTENT_TYPE;
    default:
      return BINARY_CONTENT_TYPE;
  }
}

export function userEventRequestBody(payload: MessagePayload): UserEventRequestBody {
  return { contentType: userEventContentType(payload.dataType), body: payload.data };
}

export type NativeUserEventOutcome =
  | {
      kind: 'handled';
      /** Absent when the handler answered without a body. */
      response?: MessagePayload;
      connectionState: ConnectionStateUpdate;
    }
  | {
      /** The connection is closed (client-protocols.md §8). */
      kind: 'failed';
      /** The handler's status; `500` for a timeout, an unreachable handler or a bad answer. */
      status: number;
      message: string;
      /** The handler's error body (express SDK `fail(code, detail)`), if it sent text. */
      detail?: string;
    };

export function nativeUserEventOutcome(result: HandlerCallResult, limits?: ConnectionStateLimits): NativeUserEventOutcome {
  if (result.kind !== 'response') {
    return { kind: 'failed', status: UNREACHABLE_HANDLER_STATUS, message: unreachableMessage(result) };
  }
  if (!isSuccessStatus(result.status)) {
    const detail = errorDetail(result.body);
    const message = unexpectedStatusMessage(result.status);
    return detail === undefined
      ? { kind: 'failed', status: result.status, message }
      : { kind: 'failed', status: result.status, message, detail };
  }
  const headers = readResponseHeaders(result.headers);
  const state = readConnectionState(headers.connectionStates, limits);
  if (!state.ok) return { kind: 'failed', status: UNREACHABLE_HANDLER_STATUS, message: state.problem };
  // §6: "204, or 200 with an empty body: nothing is sent back" (empty 200 unconfirmed).
  if (result.status === 204 || result.body.length === 0) return { kind: 'handled', connectionState: state.update };
  // application/json → json, text/plain → text, anything else → binary; a body that is not what
  // its type claims travels as binary (the mapping MQTT payloads use, mqtt.md §4).
  return {
    kind: 'handled',
    response: payloadOfContent(result.body, headers.contentType),
    connectionState: state.update,
  };
}
