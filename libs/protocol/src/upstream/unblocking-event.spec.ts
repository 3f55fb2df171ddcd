import type { HandlerCallResult } from './handler-response';
import { UNBLOCKING_EVENT_RETRY_DELAYS_MS, unblockingEventOutcome } from './unblocking-event';

const answer = (status: number): HandlerCallResult => ({ kind: 'response', status, headers: [], body: new Uint8Array() });

describe('unblocking events (connected, disconnected)', () => {
  it('are delivered by any 2xx', () => {
    for (const status of [200, 202, 204]) expect(unblockingEventOutcome(answer(status))).toEqual({ delivered: true });
  });

  it('retry server errors, overload and unreachable handlers a few times', () => {
    for (const result of [answer(500), answer(503), answer(429), answer(408), { kind: 'timeout' } as HandlerCallResult]) {
      expect(unblockingEventOutcome(result)).toMatchObject({ delivered: false, retryable: true });
    }
    expect(UNBLOCKING_EVENT_RETRY_DELAYS_MS.length).toBeLessThanOrEqual(5);
  });

  it('only log other answers, which would be the same again', () => {
    for (const status of [400, 401, 404]) {
      expect(unblockingEventOutcome(answer(status))).toEqual({
        delivered: false,
        retryable: false,
        message: `got unexpected response with status code ${status}`,
      });
    }
  });
});
