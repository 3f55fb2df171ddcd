import { InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 200;

interface ConnectionItem {
  connectionId: string;
  userId?: string;
}

/**
 * ListConnectionsInGroup (op 24). Pages follow connection id order; the continuation token is
 * the last id served, so a page stays correct while members come and go. `nextLink` carries
 * everything the SDK needs to ask for the next page as it is (§4.1).
 */
export async function listConnectionsInGroup(ctx: RestContext): Promise<RestResult> {
  const group = ctx.group(0);
  const pageSize = positive(ctx.one('maxpagesize'), 'maxpagesize', MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const top = positive(ctx.one('top'), 'top');
  const after = readToken(ctx.one('continuationToken'));
  const take = Math.min(pageSize, top ?? Infinity);

  const ids = (await ctx.services.cluster.groupMembers(ctx.hubKey, group))
    .filter((connection) => after === null || connection.connectionId > after)
    .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
  const page = ids.slice(0, take);
  const value: ConnectionItem[] = page.map(({ connectionId, userId }) => (userId === null ? { connectionId } : { connectionId, userId }));

  const remainingTop = top === undefined ? undefined : top - page.length;
  const more = ids.length > page.length && (remainingTop === undefined || remainingTop > 0);
  if (!more) return { status: 200, body: { value } };
  const next = new URLSearchParams({ 'api-version': ctx.one('api-version') ?? '2024-12-01', maxpagesize: String(pageSize) });
  if (remainingTop !== undefined) next.set('top', String(remainingTop));
  next.set('continuationToken', Buffer.from(page[page.length - 1].connectionId).toString('base64url'));
  const path = `/api/hubs/${encodeURIComponent(ctx.hub)}/groups/${encodeURIComponent(group)}/connections`;
  return { status: 200, body: { value, nextLink: `${path}?${next}` } };
}

function positive(raw: string | null, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`, name);
  }
  return Number(raw);
}

function readToken(raw: string | null): string | null {
  if (raw === null) return null;
  const id = Buffer.from(raw, 'base64url').toString('utf8');
  if (!id) throw new InvalidArgumentError('continuationToken is not one this service issued', 'continuationToken');
  return id;
}
