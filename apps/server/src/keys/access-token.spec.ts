import jwt from 'jsonwebtoken';
import { signAccessToken, TokenError, verifyAccessToken } from './access-token';

const keys = { primary: 'primary-key-0123456789', secondary: 'secondary-key-0123456789' };
const url = 'http://localhost:8080/admin/api/hubs/chat';
const now = 1_800_000_000;

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('access tokens', () => {
  it('verifies a token signed with the primary key', () => {
    const token = signAccessToken({ sub: 'u1' }, keys.primary, { audience: url, expiresInSeconds: 60, nowSeconds: now });
    const verified = verifyAccessToken(token, keys, { audience: '/admin/api/hubs/chat', nowSeconds: now });
    expect(verified.keyType).toBe('primary');
    expect(verified.claims).toMatchObject({ sub: 'u1', aud: url, iat: now, exp: now + 60 });
  });

  it('verifies a token signed with the secondary key', () => {
    const token = signAccessToken({}, keys.secondary, { audience: url, expiresInSeconds: 60, nowSeconds: now });
    expect(verifyAccessToken(token, keys, { audience: url, nowSeconds: now }).keyType).toBe('secondary');
  });

  it('reads a token as the Azure SDK signs it, the whole URL with its query in aud', () => {
    const token = jwt.sign({ aud: `${url}?api-version=2024-12-01`, iat: now, exp: now + 3600 }, keys.primary);
    expect(verifyAccessToken(token, keys, { audience: url, nowSeconds: now }).keyType).toBe('primary');
  });

  it.each([
    ['missing', () => undefined],
    ['malformed', () => 'not.a.jwt'],
    ['signature', () => signAccessToken({}, 'another-key-0123456789', { audience: url, expiresInSeconds: 60, nowSeconds: now })],
    ['signature', () => signAccessToken({}, keys.primary, { audience: url, expiresInSeconds: 60, nowSeconds: now }).slice(0, -2)],
    ['signature', () => signAccessToken({ sub: 'u1' }, keys.primary, { audience: url, expiresInSeconds: 60, nowSeconds: now }).replace(/\.[^.]+\./, `.${Buffer.from(`{"sub":"admin","aud":"${url}","exp":${now + 60}}`).toString('base64url')}.`)],
    ['expired', () => signAccessToken({}, keys.primary, { audience: url, expiresInSeconds: 60, nowSeconds: now - 3600 })],
    ['audience', () => signAccessToken({}, keys.primary, { audience: 'http://localhost:8080/admin/api/hubs/other', expiresInSeconds: 60, nowSeconds: now })],
    ['not-yet-valid', () => jwt.sign({ aud: url, nbf: now + 3600, exp: now + 7200 }, keys.primary)],
    ['no-expiry', () => jwt.sign({ aud: url, iat: now }, keys.primary)],
    ['algorithm', () => jwt.sign({ aud: url }, keys.primary, { algorithm: 'HS512' })],
    ['algorithm', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"aud":"${url}"}`).toString('base64url')}.`],
  ])('refuses a token that is %s', (problem, make) => {
    expect(problemOf(() => verifyAccessToken(make() as string | undefined, keys, { audience: url, nowSeconds: now }))).toBe(problem);
  });

  it('tolerates a few minutes of clock skew', () => {
    const token = signAccessToken({}, keys.primary, { audience: url, expiresInSeconds: 60, nowSeconds: now - 120 });
    expect(verifyAccessToken(token, keys, { audience: url, nowSeconds: now }).keyType).toBe('primary');
  });
});
