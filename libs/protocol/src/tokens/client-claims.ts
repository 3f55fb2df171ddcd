import type { AccessTokenClaims } from './claims';

/** What a client access token says about its connection (spec/client-protocols.md §2). */
export interface ClientIdentity {
  userId: string | null;
  roles: string[];
  groups: string[];
  /** Every other claim, in the `{ type: [values] }` shape the `connect` event carries. */
  customClaims: Record<string, string[]>;
  /**
   * Every claim of the token as decoded, standard ones included: the `connect` event forwards
   * them all (spec/upstream-events.md §4). Absent for a connection without a token.
   */
  tokenClaims?: Readonly<Record<string, unknown>>;
}

const STANDARD_CLAIMS = new Set(['aud', 'exp', 'nbf', 'iat', 'iss', 'jti', 'sub', 'role', 'webpubsub.group', 'typ']);

/**
 * `role` and `webpubsub.group` may be one string or an array (other SDKs repeat the claim);
 * `group` is the MQTT how-to's name for the group claim and is read only when asked.
 */
export function readClientIdentity(claims: AccessTokenClaims, options: { acceptGroupClaim?: boolean } = {}): ClientIdentity {
  const groups = strings(claims['webpubsub.group']);
  if (options.acceptGroupClaim) groups.push(...strings(claims.group));
  const customClaims: Record<string, string[]> = {};
  for (const [type, value] of Object.entries(claims)) {
    if (STANDARD_CLAIMS.has(type) || (options.acceptGroupClaim && type === 'group')) continue;
    customClaims[type] = strings(value);
  }
  const sub = typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : null;
  return { userId: sub, roles: unique(strings(claims.role)), groups: unique(groups), customClaims, tokenClaims: claims };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
