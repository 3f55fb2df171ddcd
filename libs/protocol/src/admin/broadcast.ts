import { decodeBase64 } from '../native/base64';
import { groupNameProblem } from '../native/group-name';
import { toJsonText } from '../native/json-text';
import { compileFilter } from '../filter';
import { hubNameProblem } from '../hubs/hub-name';

/**
 * POST /admin/api/broadcast: what the dashboard's composer sends. The server turns it into the
 * same Send a REST call makes and hands it to the router.
 */
export const BROADCAST_TARGETS = ['hub', 'group', 'user', 'connection'] as const;
export type BroadcastTargetKind = (typeof BROADCAST_TARGETS)[number];

export const BROADCAST_DATA_TYPES = ['text', 'json', 'binary'] as const;
export type BroadcastDataType = (typeof BROADCAST_DATA_TYPES)[number];

export interface BroadcastBody {
  hub: string;
  target: BroadcastTargetKind;
  /** Group name, user id or connection id; absent for the whole hub. */
  to?: string;
  dataType: BroadcastDataType;
  /** Text, JSON text, or base64 for binary. */
  data: string;
  /** Connection ids that must not receive it (hub and group targets, as REST's `excluded`). */
  excluded?: string[];
  /** OData filter, as REST's `filter` (hub, group and user targets). */
  filter?: string;
}

export type BroadcastField = 'hub' | 'to' | 'data' | 'excluded' | 'filter';
export type BroadcastProblems = Partial<Record<BroadcastField, string>>;

export const MAX_BROADCAST_DATA_CHARS = 512 * 1024;

/**
 * Every rule a broadcast must pass beyond field types, shared by the composer (to explain before
 * sending) and the server (to refuse with 400): one description of a valid message.
 */
export function broadcastProblems(body: BroadcastBody): BroadcastProblems {
  const problems: BroadcastProblems = {};
  const hub = hubNameProblem(body.hub);
  if (hub) problems.hub = hub;

  if (body.target !== 'hub') {
    const to = body.to ?? '';
    if (body.target === 'group') {
      const group = groupNameProblem(to);
      if (group) problems.to = group;
    } else if (to.trim().length === 0) {
      problems.to = `a ${body.target === 'user' ? 'user id' : 'connection id'} is required`;
    }
  }

  if (body.data.length > MAX_BROADCAST_DATA_CHARS) problems.data = `the message must be at most ${MAX_BROADCAST_DATA_CHARS} characters`;
  else if (body.dataType === 'json' && toJsonText(body.data) === undefined) problems.data = 'the message is not valid JSON';
  else if (body.dataType === 'binary' && decodeBase64(body.data.trim()) === undefined) problems.data = 'the message is not valid base64';

  if (body.excluded?.length && body.target !== 'hub' && body.target !== 'group') {
    problems.excluded = 'excluded connections apply only to a hub or a group';
  }

  if (body.filter !== undefined && body.filter.trim() !== '') {
    if (body.target === 'connection') problems.filter = 'a filter does not apply to a single connection';
    else {
      try {
        compileFilter(body.filter);
      } catch (error) {
        problems.filter = (error as Error).message;
      }
    }
  }
  return problems;
}
