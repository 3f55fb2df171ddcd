import { readCookie, sessionCookie } from './cookies';

describe('session cookie', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; switchboard_session=abc%3D; b=2', 'switchboard_session')).toBe('abc=');
    expect(readCookie('a=1', 'switchboard_session')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });

  it('is HttpOnly and SameSite=Strict, Secure over TLS', () => {
    const cookie = sessionCookie('s', 'v', { maxAgeSeconds: 60, secure: true });
    expect(cookie).toBe('s=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure');
    expect(sessionCookie('s', '', { maxAgeSeconds: 0, secure: false })).not.toContain('Secure');
  });
});
