import { readClientIdentity, type ClientIdentity } from '@switchboard/protocol';
import type { KeysService } from './keys.service';

/**
 * A client access token for a hub, as both WebSocket endpoints take it: either endpoint's
 * audience is accepted on both (spec/client-protocols.md §2, recommendation for the unconfirmed
 * point). Throws TokenError when it does not verify.
 */
export function verifyClientToken(keys: KeysService, token: string, hubName: string, options: { acceptGroupClaim?: boolean } = {}): ClientIdentity {
  const { claims } = keys.verify(token, { audience: [`/client/hubs/${hubName}`, `/clients/mqtt/hubs/${hubName}`] });
  return readClientIdentity(claims, options);
}
