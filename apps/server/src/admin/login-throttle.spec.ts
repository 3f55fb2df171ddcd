import { LOCKOUT_FAILURES, LOCKOUT_MS, LoginThrottle } from './login-throttle';

describe('login throttle', () => {
  it('doubles the delay with each failure and locks the account after five', () => {
    const throttle = new LoginThrottle();
    const delays: number[] = [];
    let locked = false;
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      const outcome = throttle.failed('10.0.0.1', 'admin', 0);
      delays.push(outcome.delayMs);
      locked = outcome.lockedNow;
    }
    expect(delays.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
    expect(locked).toBe(true);
    expect(throttle.admit('10.0.0.2', 'admin', 1000)).toMatchObject({ ok: false, why: expect.stringContaining('locked') });
    expect(throttle.admit('10.0.0.2', 'admin', LOCKOUT_MS + 1)).toMatchObject({ ok: true });
  });

  it('forgets the failures of an account that logs in', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) throttle.failed('a', 'admin', 0);
    throttle.succeeded('admin');
    expect(throttle.failed('a', 'admin', 0)).toEqual({ delayMs: 250, lockedNow: false });
  });

  it('lets one address try only a few at once', () => {
    const throttle = new LoginThrottle();
    const admitted = Array.from({ length: 4 }, (_, i) => throttle.admit('a', `user${i}`));
    expect(admitted.every((admission) => admission.ok)).toBe(true);
    expect(throttle.admit('a', 'user9')).toMatchObject({ ok: false, why: expect.stringContaining('at once') });
    expect(throttle.admit('b', 'user9')).toMatchObject({ ok: true });
    for (const admission of admitted) if (admission.ok) admission.release();
    expect(throttle.admit('a', 'user9')).toMatchObject({ ok: true });
  });
});
