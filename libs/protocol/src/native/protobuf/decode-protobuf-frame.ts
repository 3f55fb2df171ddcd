/**
 * Decodes one binary frame of a protobuf client (client-protocols-2026.md §6) into the same
 * ClientFrame a JSON client's frame becomes, with the same two costs for a bad one: close for
 * bytes that are not an UpstreamMessage or lack what is required, an ack error for wrong values.
 */
import type { StreamStartFrame } from '../client-frame';
import { accept, badRequest, close, streamRefusal, withAckId, type DecodeClientFrameResult } from '../decode-client-frame';
import { groupNameProblem } from '../group-name';
import { toJsonText } from '../json-text';
import type { MessagePayload } from '../message-payload';
import { UpstreamMessage } from './schema';

type Fields = Record<string, unknown>;

export function decodeProtobufClientFrame(bytes: Uint8Array): DecodeClientFrameResult {
  let message: Fields;
  try {
    message = UpstreamMessage.toObject(UpstreamMessage.decode(bytes), { longs: Number, oneofs: true, defaults: false }) as Fields;
  } catch (error) {
    return close(`frame is not a protobuf UpstreamMessage: ${(error as Error).message}`);
  }
  switch (message.message) {
    case 'sendToGroupMessage':
      return sendToGroup(message.sendToGroupMessage as Fields);
    case 'eventMessage':
      return event(message.eventMessage as Fields);
    case 'joinGroupMessage':
    case 'leaveGroupMessage':
      return joinOrLeave(message.message === 'joinGroupMessage' ? 'joinGroup' : 'leaveGroup', message[message.message] as Fields);
    case 'sequenceAckMessage': {
      const sequenceId = (message.sequenceAckMessage as Fields).sequenceId;
      return accept({ type: 'sequenceAck', sequenceId: typeof sequenceId === 'number' ? sequenceId : 0 });
    }
    case 'pingMessage':
      return accept({ type: 'ping' });
    case 'streamDataMessage':
      return streamData(message.streamDataMessage as Fields);
    case 'streamEndMessage':
      return streamEnd(message.streamEndMessage as Fields);
    default:
      // Cases no source defines are skipped, like unknown JSON types (§6.1).
      return accept({ type: 'ignored', originalType: String(message.message ?? 'unknown'), laterWave: message.message !== undefined });
  }
}

function sendToGroup(fields: Fields): DecodeClientFrameResult {
  const ackId = fields.ackId as number | undefined;
  if (fields.stream !== undefined) return streamStart(fields);
  if (!fields.group) return close('sendToGroupMessage has no group');
  const problem = groupNameProblem(fields.group);
  if (problem) return badRequest(ackId, problem);
  const payload = readPayload(fields.data as Fields | undefined);
  if (payload === null) return close('sendToGroupMessage has no data');
  if (typeof payload === 'string') return badRequest(ackId, payload);
  return accept(withAckId({ type: 'sendToGroup', group: fields.group as string, noEcho: fields.noEcho === true, payload }, ackId));
}

function event(fields: Fields): DecodeClientFrameResult {
  const ackId = fields.ackId as number | undefined;
  if (!fields.event) return close('eventMessage has no event');
  const payload = readPayload(fields.data as Fields | undefined);
  if (payload === null) return close('eventMessage has no data');
  if (typeof payload === 'string') return badRequest(ackId, payload);
  return accept(withAckId({ type: 'event', event: fields.event as string, payload }, ackId));
}

function joinOrLeave(type: 'joinGroup' | 'leaveGroup', fields: Fields): DecodeClientFrameResult {
  const ackId = fields.ackId as number | undefined;
  if (!fields.group) return close(`${type} has no group`);
  const problem = groupNameProblem(fields.group);
  if (problem) return badRequest(ackId, problem);
  return accept(withAckId({ type, group: fields.group as string }, ackId));
}

/** `SendToGroupMessage` with `stream` (§2.1, §6.2): refusals are answered on the stream. */
function streamStart(fields: Fields): DecodeClientFrameResult {
  const stream = fields.stream as Fields;
  const streamId = stream.streamId;
  if (typeof streamId !== 'string' || streamId === '') return close('a stream start needs a stream_id');
  const problem = groupNameProblem(fields.group ?? '');
  if (problem) return streamRefusal(streamId, true, problem);
  if (fields.data !== undefined) return streamRefusal(streamId, true, 'a stream start carries no data: send it as stream_data_message');
  const frame: StreamStartFrame = { type: 'streamStart', group: fields.group as string, streamId, noEcho: fields.noEcho === true };
  if (stream.idleTimeoutMs !== undefined) {
    if (stream.idleTimeoutMs === 0) return streamRefusal(streamId, true, 'idle_timeout_ms must be positive');
    frame.idleTimeoutMs = stream.idleTimeoutMs as number;
  }
  return accept(frame);
}

/** `stream_sequence_id` and `data` together make a fragment; neither makes a keepalive. */
function streamData(fields: Fields): DecodeClientFrameResult {
  const streamId = fields.streamId;
  if (typeof streamId !== 'string' || streamId === '') return close('stream_data_message needs a stream_id');
  if (fields.streamSequenceId === undefined && fields.data === undefined) return accept({ type: 'streamData', streamId });
  const streamSequenceId = fields.streamSequenceId as number | undefined;
  if (streamSequenceId === undefined || fields.data === undefined) return streamRefusal(streamId, false, 'stream_sequence_id and data come together or not at all');
  if (!Number.isSafeInteger(streamSequenceId) || streamSequenceId <= 0) return streamRefusal(streamId, false, 'stream_sequence_id must be a positive integer');
  const payload = readPayload(fields.data as Fields);
  if (payload === null) return streamRefusal(streamId, false, 'data holds no known data type');
  if (typeof payload === 'string') return streamRefusal(streamId, false, payload);
  return accept({ type: 'streamData', streamId, fragment: { streamSequenceId, payload } });
}

function streamEnd(fields: Fields): DecodeClientFrameResult {
  const streamId = fields.streamId;
  if (typeof streamId !== 'string' || streamId === '') return close('stream_end_message needs a stream_id');
  const error = fields.error as Fields | undefined;
  if (error === undefined) return accept({ type: 'streamEnd', streamId });
  return accept({
    type: 'streamEnd',
    streamId,
    error: { ...(error.message !== undefined ? { message: error.message as string } : {}), ...(error.userErrorCode !== undefined ? { userErrorCode: error.userErrorCode as string } : {}) },
  });
}

/** `MessageData` (§6.4): null when absent, a string when refused. */
function readPayload(data: Fields | undefined): MessagePayload | string | null {
  if (!data) return null;
  switch (data.data) {
    case 'textData':
      return { dataType: 'text', data: (data.textData as string) ?? '' };
    case 'binaryData':
      return { dataType: 'binary', data: data.binaryData as Uint8Array };
    case 'protobufData':
      return { dataType: 'protobuf', data: data.protobufData as Uint8Array };
    case 'jsonData': {
      const json = toJsonText(data.jsonData as string);
      return json === undefined ? 'json_data is not valid JSON' : { dataType: 'json', data: json };
    }
    default:
      return null;
  }
}
