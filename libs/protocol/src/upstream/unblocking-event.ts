/**
 * `connected` and `disconnected` are unblocking (spec/upstream-events.md §5, §7): any 2xx is
 * fine, anything else is only logged. Retries are unconfirmed (§3); Switchboard MAY retry a few
 * times with backoff, and does so only where trying again can help.
 */
import {
  isSuccessStatus,
  unexpectedStatusMessage,
  unreachableMessage,
  type HandlerCallResult,
} from './handler-response';

/** Waits before each retry; its length is the number of retries. */
export const UNBLOCKING_EVENT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000];

export type UnblockingEventOutcome =
  | { delivered: true }
  | { delivered: false; retryable: boolean; message: string };

const DELIVERED: UnblockingEventOutcome = { delivered: true };

export function unblockingEventOutcome(result: HandlerCallResult): UnblockingEventOutcome {
  if (result.kind !== 'response') return { delivered: false, retryable: true, message: unreachableMessage(result) };
  if (isSuccessStatus(result.status)) return DELIVERED;
  // Overload and server errors may pass; any other answer (404, 401...) will be the same again.
  const retryable = result.status >= 500 || result.status === 408 || result.status === 429;
  return { delivered: false, retryable, message: unexpectedStatusMessage(result.status) };
}
