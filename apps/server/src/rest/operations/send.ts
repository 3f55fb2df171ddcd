import { FilterSyntaxError, toJsonText, type MessagePayload, type SendTarget } from '@switchboard/protocol';
import { compiledFilter } from '../../connections/filter-cache';
import { ApiError, InvalidArgumentError } from '../../http/api-errors';
import type { RestContext, RestResult } from '../rest-context';

/** SendToAll, SendToUser, SendToConnection, SendToGroup (spec/rest-api.md §4 ops 2-5): 202 once valid. */
export async function sendToAll(ctx: RestContext): Promise<RestResult> {
  return send(ctx, { kind: 'hub' }, { excluded: true, filter: true });
}

export async function sendToUser(ctx: RestContext): Promise<RestResult> {
  return send(ctx, { kind: 'user', userId: ctx.id(0, 'userId') }, { excluded: false, filter: true });
}

export async function sendToConnection(ctx: RestContext): Promise<RestResult> {
  return send(ctx, { kind: 'connection', connectionId: ctx.id(0, 'connectionId') }, { excluded: false, filter: false });
}

export async function sendToGroup(ctx: RestContext): Promise<RestResult> {
  return send(ctx, { kind: 'group', group: ctx.group(0) }, { excluded: true, filter: true });
}

async function send(ctx: RestContext, target: SendTarget, accepts: { excluded: boolean; filter: boolean }): Promise<RestResult> {
  const ttl = messageTtlSeconds(ctx);
  const filter = accepts.filter ? readFilter(ctx.one('filter')) : undefined;
  const excluded = accepts.excluded ? ctx.all('excluded') : [];
  const payload = toPayload(ctx.contentType(), await ctx.body());
  await ctx.services.router.send({
    hub: ctx.hubKey,
    target,
    payload,
    from: { kind: 'server' },
    excluded: excluded.length > 0 ? excluded : undefined,
    filter,
    // The clock starts when the request is accepted (client-protocols-2026.md §7, unconfirmed).
    ...(ttl > 0 ? { expiresAt: Date.now() + ttl * 1000 } : {}),
  });
  return { status: 202 };
}

/** 0-300 seconds; 0 (or absent) never expires (client-protocols-2026.md §7). */
function messageTtlSeconds(ctx: RestContext): number {
  const raw = ctx.one('messageTtlSeconds');
  if (raw === null) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 300) {
    throw new InvalidArgumentError('messageTtlSeconds must be a whole number from 0 to 300', 'messageTtlSeconds');
  }
  return Number(raw);
}

/** The filter text, once it is known to compile (400 InvalidFilter otherwise). */
export function readFilter(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    compiledFilter(text);
    return text;
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new ApiError(400, 'InvalidFilter', error.message, 'filter');
    throw error;
  }
}

/** The content type decides the data type (§3): text/plain, application/json, application/octet-stream. */
function toPayload(contentType: string, body: Buffer): MessagePayload {
  switch (contentType) {
    case 'text/plain':
      return { dataType: 'text', data: body.toString('utf8') };
    case 'application/json': {
      const json = toJsonText(body.toString('utf8'));
      if (json === undefined) throw new InvalidArgumentError('the body is not valid JSON', 'body');
      return { dataType: 'json', data: json };
    }
    case 'application/octet-stream':
      return { dataType: 'binary', data: new Uint8Array(body.buffer, body.byteOffset, body.length) };
    default:
      throw new ApiError(415, 'UnsupportedMediaType', `Content-Type must be text/plain, application/json or application/octet-stream, not "${contentType || 'none'}"`);
  }
}
