import { invokeOutcome } from './invoke-outcome';

const response = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => ({
  kind: 'response' as const,
  status,
  headers: [['content-type', contentType]] as Array<[string, string]>,
  body: new TextEncoder().encode(body),
});

describe('invoke outcome (client-protocols-2026 §1.5)', () => {
  it('answers a 2xx body with its data type, and an empty one with no data', () => {
    expect(invokeOutcome(response(200, 'accepted'))).toMatchObject({ success: true, payload: { dataType: 'text', data: 'accepted' } });
    expect(invokeOutcome(response(200, '{"a":1}', 'application/json'))).toMatchObject({ success: true, payload: { dataType: 'json', data: '{"a":1}' } });
    const empty = invokeOutcome(response(204, ''));
    expect(empty.success && empty.payload).toBeUndefined();
  });

  it.each([
    [400, 'BadRequest'],
    [401, 'Forbidden'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [408, 'Timeout'],
    [409, 'BadRequest'],
    [500, 'InternalServerError'],
    [504, 'Timeout'],
  ])('names a %d answer %s, with the handler text as message', (status, name) => {
    expect(invokeOutcome(response(status, 'orderId unknown'))).toEqual({ success: false, error: { name, message: 'orderId unknown' } });
  });

  it('fails a timeout as Timeout and an unreachable handler as InternalServerError', () => {
    expect(invokeOutcome({ kind: 'timeout' })).toMatchObject({ success: false, error: { name: 'Timeout' } });
    expect(invokeOutcome({ kind: 'networkError', message: 'ECONNREFUSED' })).toMatchObject({ success: false, error: { name: 'InternalServerError' } });
  });
});
