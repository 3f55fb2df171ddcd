import {
  assignClientId,
  clientIdProblem,
  keepAliveProblem,
  keepAliveTimeoutMs,
  negotiateKeepAlive,
  resolveClientId,
  sessionExpiryOnConnect,
  sessionExpiryOnDisconnect,
} from './session';

describe('client ids (mqtt.md §1, §9)', () => {
  it.each(['a', 'Device17', '0'.repeat(128)])('accepts %j', (clientId) => {
    expect(clientIdProblem(clientId)).toBeNull();
  });

  it.each(['mqttjs_1a2b', 'a-b', 'caf\u00e9', 'a b', 'x'.repeat(129)])('refuses %j', (clientId) => {
    expect(clientIdProblem(clientId)).not.toBeNull();
  });

  it('assigns an id to an empty client id on 5.0', () => {
    expect(resolveClientId('', 5, () => 'Assigned1')).toEqual({ ok: true, clientId: 'Assigned1', assigned: true });
  });

  it('refuses an empty client id on 3.1.1', () => {
    expect(resolveClientId('', 4, () => 'Assigned1')).toMatchObject({ ok: false });
  });

  it('keeps a valid client id as the connectionId', () => {
    expect(resolveClientId('dev17', 4)).toEqual({ ok: true, clientId: 'dev17', assigned: false });
  });

  it('assigns ids that pass the client id rule', () => {
    const id = assignClientId();
    expect(id).toHaveLength(32);
    expect(clientIdProblem(id)).toBeNull();
    expect(assignClientId()).not.toBe(id);
  });

  it('skips random bytes that would bias the alphabet', () => {
    let calls = 0;
    const id = assignClientId((bytes) => {
      bytes.fill(calls++ === 0 ? 250 : 61);
    });
    expect(id).toBe('z'.repeat(32));
  });
});

describe('keep alive (mqtt.md §1, §6)', () => {
  it('takes 1–180 s on 3.1.1', () => {
    expect(keepAliveProblem(1, 4)).toBeNull();
    expect(keepAliveProblem(180, 4)).toBeNull();
    expect(keepAliveProblem(0, 4)).not.toBeNull();
    expect(keepAliveProblem(181, 4)).not.toBeNull();
  });

  it('takes any keep alive on 5.0', () => {
    expect(keepAliveProblem(0, 5)).toBeNull();
    expect(keepAliveProblem(65535, 5)).toBeNull();
  });

  it('times out after 1.5 × keep alive, and never when it is 0', () => {
    expect(keepAliveTimeoutMs(60)).toBe(90_000);
    expect(keepAliveTimeoutMs(0)).toBeUndefined();
  });

  it('imposes a configured Server Keep Alive on 5.0 only', () => {
    expect(negotiateKeepAlive(300, 5, 120)).toEqual({ keepAlive: 120, serverKeepAlive: 120 });
    expect(negotiateKeepAlive(120, 5, 120)).toEqual({ keepAlive: 120 });
    expect(negotiateKeepAlive(60, 4, 120)).toEqual({ keepAlive: 60 });
    expect(negotiateKeepAlive(60, 5)).toEqual({ keepAlive: 60 });
  });
});

describe('session expiry (mqtt.md §2)', () => {
  it('keeps a 5.0 session for the requested time up to the configured max, and says so when shortened', () => {
    expect(sessionExpiryOnConnect(5, false, 10)).toEqual({ seconds: 10 });
    expect(sessionExpiryOnConnect(5, true, 3600)).toEqual({ seconds: 30, announced: 30 });
    expect(sessionExpiryOnConnect(5, false, 0xffffffff, 600)).toEqual({ seconds: 600, announced: 600 });
  });

  it('ends a 5.0 session with its network connection when no expiry is asked for', () => {
    expect(sessionExpiryOnConnect(5, false, undefined)).toEqual({ seconds: 0 });
  });

  it('keeps a 3.1.1 clean session 0 for the configured max and a clean session 1 not at all', () => {
    expect(sessionExpiryOnConnect(4, false, undefined)).toEqual({ seconds: 30 });
    expect(sessionExpiryOnConnect(4, true, undefined)).toEqual({ seconds: 0 });
  });

  it('lets DISCONNECT change the expiry, capped by the max', () => {
    expect(sessionExpiryOnDisconnect(10, 0, 10)).toEqual({ ok: true, seconds: 0 });
    expect(sessionExpiryOnDisconnect(10, 100, 10)).toEqual({ ok: true, seconds: 30 });
    expect(sessionExpiryOnDisconnect(10, undefined, 10)).toEqual({ ok: true, seconds: 10 });
  });

  it('treats DISCONNECT raising an expiry of 0 as a protocol error', () => {
    expect(sessionExpiryOnDisconnect(undefined, 5, 0)).toMatchObject({ ok: false, failure: 'protocolError' });
    expect(sessionExpiryOnDisconnect(0, 0, 0)).toEqual({ ok: true, seconds: 0 });
  });
});
