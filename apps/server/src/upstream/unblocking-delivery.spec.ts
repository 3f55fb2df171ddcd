import type { HandlerCallResult } from '@switchboard/protocol';
import { deliverUnblocking } from './unblocking-delivery';

const ok: HandlerCallResult = { kind: 'response', status: 200, headers: [], body: new Uint8Array() };
const status = (code: number): HandlerCallResult => ({ kind: 'response', status: code, headers: [], body: new Uint8Array() });

function handlerAnswering(...results: HandlerCallResult[]) {
  const calls: number[] = [];
  const slept: number[] = [];
  return {
    calls,
    slept,
    attempt: async () => {
      calls.push(calls.length);
      return results[Math.min(calls.length - 1, results.length - 1)];
    },
    sleep: async (ms: number) => {
      slept.push(ms);
    },
  };
}

describe('connected / disconnected delivery', () => {
  it('sends once when the handler answers 2xx', async () => {
    const handler = handlerAnswering(ok);
    await expect(deliverUnblocking(handler.attempt, [10, 20], handler.sleep)).resolves.toEqual({ delivered: true, attempts: 1 });
    expect(handler.slept).toEqual([]);
  });

  it('retries a timeout, a network error and a 503 after each delay, then succeeds', async () => {
    const handler = handlerAnswering({ kind: 'timeout' }, { kind: 'networkError', message: 'ECONNREFUSED' }, status(503), ok);
    await expect(deliverUnblocking(handler.attempt, [10, 20, 40], handler.sleep)).resolves.toEqual({ delivered: true, attempts: 4 });
    expect(handler.slept).toEqual([10, 20, 40]);
  });

  it('gives up after the last delay', async () => {
    const handler = handlerAnswering({ kind: 'networkError', message: 'ECONNREFUSED' });
    const outcome = await deliverUnblocking(handler.attempt, [10, 20], handler.sleep);
    expect(outcome).toMatchObject({ delivered: false, retryable: true, attempts: 3 });
    expect(handler.slept).toEqual([10, 20]);
  });

  it('does not retry an answer that will be the same again', async () => {
    const handler = handlerAnswering(status(404));
    const outcome = await deliverUnblocking(handler.attempt, [10, 20], handler.sleep);
    expect(outcome).toMatchObject({ delivered: false, retryable: false, attempts: 1, message: expect.stringContaining('404') });
    expect(handler.slept).toEqual([]);
  });
});
