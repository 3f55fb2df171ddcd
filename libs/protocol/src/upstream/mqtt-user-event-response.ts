/**
 * The bridge from an HTTP call to the MQTT user-event mapping (spec/upstream-events.md §8.4,
 * mqtt/user-events.ts): a timeout or unreachable handler answers as a `500` with no body (§3), and
 * the response's `ce-connectionState` updates the state whatever the status, since the connection
 * stays open either way. An unusable state header also answers as a `500`.
 */
import type { UserEventResponse } from '../mqtt/user-events';
import { readConnectionState, type ConnectionStateLimits, type ConnectionStateUpdate } from './connection-state';
import { UNREACHABLE_HANDLER_STATUS, readResponseHeaders, type HandlerCallResult } from './handler-response';

export interface MqttUserEventAnswer {
  /** For `userEventResponseToSend`. */
  response: UserEventResponse;
  connectionState: ConnectionStateUpdate;
}

const NO_HEADERS: ReadonlyArray<readonly [string, string]> = [];

export function mqttUserEventAnswer(result: HandlerCallResult, limits?: ConnectionStateLimits): MqttUserEventAnswer {
  if (result.kind !== 'response') return unreachable();
  const headers = readResponseHeaders(result.headers);
  const state = readConnectionState(headers.connectionStates, limits);
  if (!state.ok) return unreachable();
  const response: UserEventResponse = { status: result.status, body: result.body, headers: result.headers };
  if (headers.contentType !== undefined && headers.contentType.trim() !== '') response.contentType = headers.contentType.trim();
  return { response, connectionState: state.update };
}

function unreachable(): MqttUserEventAnswer {
  return {
    response: { status: UNREACHABLE_HANDLER_STATUS, body: new Uint8Array(0), headers: NO_HEADERS },
    connectionState: { kind: 'unchanged' },
  };
}
