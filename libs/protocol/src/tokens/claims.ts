/** Claims Azure Web PubSub puts in the tokens it signs (spec/client-protocols.md §2). */
export interface AccessTokenClaims {
  aud?: string | string[];
  sub?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  role?: string | string[];
  'webpubsub.group'?: string | string[];
  [claim: string]: unknown;
}
