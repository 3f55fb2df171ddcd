import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { audienceMatches, type AccessTokenClaims, type KeyType } from '@switchboard/protocol';

/**
 * Signing and verifying every token the service meets: HS256 with an access key's UTF-8 bytes
 * (spec/README.md rule 2), accepted when signed by the primary or the secondary key. Every token
 * must say when it expires (`exp`): the official SDKs always sign one, and a token without it
 * would be a credential that never dies. `exp` and `nbf` are allowed 5 minutes of clock skew
 * between the signer and this server, as Azure's own services allow.
 */
export const CLOCK_SKEW_SECONDS = 300;

export type TokenProblem = 'missing' | 'malformed' | 'algorithm' | 'signature' | 'no-expiry' | 'expired' | 'not-yet-valid' | 'audience';

export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface VerifiedToken {
  claims: AccessTokenClaims;
  keyType: KeyType;
}

export type AccessKeys = Readonly<Record<KeyType, string>>;

export interface VerifyOptions {
  /** Request URL or path the token must be meant for, or several accepted ones; compared by path (spec/rest-api.md §2). */
  audience: string | readonly string[];
  nowSeconds?: number;
}

export function verifyAccessToken(token: string | undefined, keys: AccessKeys, options: VerifyOptions): VerifiedToken {
  if (!token) throw new TokenError('missing', 'no access token');
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw new TokenError('malformed', 'the access token is not a JWT');
  if (decoded.header.alg !== 'HS256') {
    throw new TokenError('algorithm', `tokens must be signed with HS256, not ${decoded.header.alg}`);
  }
  const keyType = (['primary', 'secondary'] as const).find((type) => signedWith(token, keys[type]));
  if (!keyType) throw new TokenError('signature', 'the access token is not signed with an access key of this service');

  const claims = decoded.payload as AccessTokenClaims;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (claims.exp === undefined || claims.exp === null) throw new TokenError('no-expiry', "the access token has no expiry ('exp' claim)");
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= now) {
    throw new TokenError('expired', 'the access token has expired');
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - CLOCK_SKEW_SECONDS > now)) {
    throw new TokenError('not-yet-valid', 'the access token is not valid yet');
  }
  const accepted = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!accepted.some((audience) => audienceMatches(claims.aud, audience))) {
    throw new TokenError('audience', 'the access token was issued for another URL');
  }
  return { claims, keyType };
}

/**
 * The keys as KeyObjects, made once per key rather than once per token.
 */
const secretKeys = new Map<string, KeyObject>();

function secretKey(key: string): KeyObject {
  let secret = secretKeys.get(key);
  if (!secret) {
    if (secretKeys.size > 8) secretKeys.clear();
    secret = createSecretKey(Buffer.from(key, 'utf8'));
    secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * HS256 (RFC 7518 §3.2): the HMAC of the token's first two parts, compared in constant time. The
 * token was decoded once above; jsonwebtoken's verify would decode and parse it again per key.
 */
function signedWith(token: string, key: string): boolean {
  const dot = token.lastIndexOf('.');
  const expected = createHmac('sha256', secretKey(key)).update(token.slice(0, dot)).digest();
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

export interface SignOptions {
  audience: string;
  expiresInSeconds: number;
  nowSeconds?: number;
}

export function signAccessToken(claims: AccessTokenClaims, key: string, options: SignOptions): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload: AccessTokenClaims = { ...claims, aud: options.audience, iat, exp: iat + options.expiresInSeconds };
  return jwt.sign(payload, key, { algorithm: 'HS256' });
}
