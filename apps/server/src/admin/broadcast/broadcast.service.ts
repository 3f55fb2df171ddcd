import { Injectable } from '@nestjs/common';
import {
  broadcastProblems,
  decodeBase64,
  hubKey,
  toJsonText,
  type BroadcastBody,
  type BroadcastField,
  type MessagePayload,
  type Send,
  type SendTarget,
} from '@switchboard/protocol';
import { ApiError, InvalidArgumentError } from '../../http/api-errors';
import { MessageRouter } from '../../messaging/message-router';

/** A dashboard broadcast becomes the same Send as a REST call, through the same router. */
@Injectable()
export class BroadcastService {
  constructor(private readonly router: MessageRouter) {}

  send(body: BroadcastBody): Send {
    const problems = broadcastProblems(body);
    const field = Object.keys(problems)[0] as BroadcastField | undefined;
    if (field === 'filter') throw new ApiError(400, 'InvalidFilter', problems.filter!, 'filter');
    if (field) throw new InvalidArgumentError(problems[field]!, field);

    const filterText = body.filter?.trim();
    const send: Send = {
      hub: hubKey(body.hub),
      target: toTarget(body),
      payload: toPayload(body),
      from: { kind: 'server' },
      excluded: body.excluded?.length ? body.excluded : undefined,
      filter: filterText || undefined,
    };
    this.router.send(send);
    return send;
  }
}

function toTarget({ target, to }: BroadcastBody): SendTarget {
  switch (target) {
    case 'hub':
      return { kind: 'hub' };
    case 'group':
      return { kind: 'group', group: to! };
    case 'user':
      return { kind: 'user', userId: to! };
    case 'connection':
      return { kind: 'connection', connectionId: to! };
  }
}

/** Checked by broadcastProblems before: JSON parses, base64 decodes. */
function toPayload({ dataType, data }: BroadcastBody): MessagePayload {
  switch (dataType) {
    case 'text':
      return { dataType: 'text', data };
    case 'json':
      return { dataType: 'json', data: toJsonText(data)! };
    case 'binary':
      return { dataType: 'binary', data: decodeBase64(data.trim())! };
  }
}
