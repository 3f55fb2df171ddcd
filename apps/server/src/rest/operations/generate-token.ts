import { groupNameProblem } from '@switchboard/protocol';
import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';

/**
 * A client token is a bearer credential that cannot be revoked short of regenerating the key:
 * 30 days is ample for a device that reconnects rarely, and bounds what a leaked one is worth.
 */
export const MAX_MINUTES_TO_EXPIRE = 30 * 24 * 60;

/**
 * GenerateClientToken (op 25): the same token the SDK signs locally with a key
 * (spec/client-protocols.md §2), for the native or the MQTT endpoint.
 */
export function generateClientToken(ctx: RestContext): RestResult {
  const clientType = (ctx.one('clientType') ?? ctx.one('clientProtocol') ?? 'default').toLowerCase();
  if (clientType !== 'default' && clientType !== 'mqtt') {
    throw new InvalidArgumentError(`clientType must be Default or MQTT, not "${clientType}"`, 'clientType');
  }
  const minutes = ctx.one('minutesToExpire') ?? '60';
  if (!/^\d+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > MAX_MINUTES_TO_EXPIRE) {
    throw new InvalidArgumentError(`minutesToExpire must be a whole number from 1 to ${MAX_MINUTES_TO_EXPIRE} (30 days)`, 'minutesToExpire');
  }
  const groups = ctx.all('group');
  for (const group of groups) {
    const problem = groupNameProblem(group);
    if (problem) throw new InvalidArgumentError(problem, 'group');
  }
  const roles = ctx.all('role');
  const userId = ctx.one('userId');
  const path = clientType === 'mqtt' ? `/clients/mqtt/hubs/${ctx.hub}` : `/client/hubs/${ctx.hub}`;
  const token = ctx.services.keys.sign(
    {
      ...(roles.length ? { role: roles } : {}),
      ...(groups.length ? { 'webpubsub.group': groups } : {}),
      ...(userId ? { sub: userId } : {}),
    },
    { audience: `${ctx.services.config.publicEndpoint}${path}`, expiresInSeconds: Number(minutes) * 60 },
  );
  return { status: 200, body: { token } };
}
