import {
  UNBLOCKING_EVENT_RETRY_DELAYS_MS,
  unblockingEventOutcome,
  type HandlerCallResult,
  type UnblockingEventOutcome,
} from '@switchboard/protocol';

/** Resolves after `ms`; injected so the retry schedule can be tested without waiting. */
export type Sleep = (ms: number) => Promise<void>;

const sleepUnref: Sleep = (ms) =>
  new Promise((resolve) => {
    // A pending retry must not keep a stopping process alive.
    setTimeout(resolve, ms).unref();
  });

/**
 * `connected` and `disconnected` are fire-and-forget (spec/upstream-events.md §5): any 2xx is
 * fine; a failure that may pass (network error, timeout, 5xx, 408, 429) is tried again after each
 * of the delays, and one that will not (404, 401...) is given up at once. The result is only for
 * the log: nothing waits on it.
 *
 * @param attempt one request to the handler; called once, then once per retry
 */
export async function deliverUnblocking(
  attempt: () => Promise<HandlerCallResult>,
  delaysMs: readonly number[] = UNBLOCKING_EVENT_RETRY_DELAYS_MS,
  sleep: Sleep = sleepUnref,
): Promise<UnblockingEventOutcome & { attempts: number }> {
  let attempts = 0;
  for (;;) {
    const outcome = unblockingEventOutcome(await attempt());
    attempts++;
    if (outcome.delivered || !outcome.retryable || attempts > delaysMs.length) return { ...outcome, attempts };
    await sleep(delaysMs[attempts - 1]);
  }
}
