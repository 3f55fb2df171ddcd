/**
 * What an `invoke` gets back from the event handler (client-protocols-2026.md §1.5): the user
 * event's answer, but a failure is an `invokeResponse` error, never a closed connection.
 */
import type { AckError, AckErrorName } from '../native/ack-error';
import type { MessagePayload } from '../native/message-payload';
import type { ConnectionStateLimits, ConnectionStateUpdate } from './connection-state';
import { isSuccessStatus, unexpectedStatusMessage, unreachableMessage, type HandlerCallResult } from './handler-response';
import { nativeUserEventOutcome } from './user-event';

export type InvokeOutcome =
  | { success: true; payload?: MessagePayload; connectionState: ConnectionStateUpdate }
  | { success: false; error: AckError };

/** The handler's error text goes back to the caller, up to this many characters. */
const MAX_ERROR_MESSAGE = 1024;

export function invokeOutcome(result: HandlerCallResult, limits?: ConnectionStateLimits): InvokeOutcome {
  if (result.kind === 'timeout') return failure('Timeout', unreachableMessage(result));
  if (result.kind !== 'response') return failure('InternalServerError', unreachableMessage(result));
  if (!isSuccessStatus(result.status)) {
    const text = new TextDecoder().decode(result.body).trim().slice(0, MAX_ERROR_MESSAGE);
    return failure(errorNameForStatus(result.status), text || unexpectedStatusMessage(result.status));
  }
  const handled = nativeUserEventOutcome(result, limits);
  if (handled.kind === 'failed') return failure('InternalServerError', handled.message);
  return handled.response === undefined
    ? { success: true, connectionState: handled.connectionState }
    : { success: true, payload: handled.response, connectionState: handled.connectionState };
}

/** §1.5's table (unconfirmed), in the error vocabulary Azure's acks already use. */
export function errorNameForStatus(status: number): AckErrorName {
  if (status === 401 || status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 408 || status === 504) return 'Timeout';
  return status >= 500 ? 'InternalServerError' : 'BadRequest';
}

function failure(name: AckErrorName, message: string): InvokeOutcome {
  return { success: false, error: { name, message } };
}
