/**
 * Decodes one frame from a JSON-subprotocol client (spec/client-protocols.md §4.1) and decides
 * what an invalid one costs. The spec gives two outcomes:
 *
 * - close: "a frame that is not a JSON object, or that lacks a required field, is a protocol
 *   violation" (§4) ⇒ `system/disconnected` with `error.message`, then close 1008 (§8). An ackId
 *   that is not an unsigned integer is treated the same way, since no ack could name it.
 * - ack: a frame whose fields are all there but whose values are wrong (group name, event name,
 *   `noEcho`, `dataType`, `data`) gets an ack with `BadRequest` (§5, unconfirmed name). Without
 *   an ackId nothing is owed and the frame is dropped.
 *
 * Unknown `type` values are not errors: they decode to an `ignored` frame (§4).
 */
import type { AckError } from './ack-error';
import { decodeBase64 } from './base64';
import { LATER_WAVE_REQUEST_TYPES, type ClientFrame, type StreamStartFrame } from './client-frame';
import { groupNameProblem } from './group-name';
import { jsonMemberText } from './json-member-text';
import type { JsonText } from './json-text';
import type { MessagePayload } from './message-payload';

export type ClientFrameRejection =
  | {
      ok: false;
      /** Answer with `ack` (success false, `error`) when `ackId` is set; otherwise drop the frame. */
      disposition: 'ack';
      ackId?: number;
      error: AckError;
    }
  | {
      ok: false;
      /** Send `system/disconnected` with `error.message`, then close with 1008. */
      disposition: 'close';
      error: AckError;
    }
  | {
      ok: false;
      /**
       * A stream frame whose `streamId` can be read but whose other fields are wrong
       * (client-protocols-2026.md §2.4): answer `streamClosed` `BadRequest`. A refused start leaves
       * a live stream of the same id running; a refused fragment or end closes it.
       */
      disposition: 'stream';
      streamId: string;
      start: boolean;
      error: AckError;
    }
  | {
      ok: false;
      /** An `invoke` whose id can be read: answer `invokeResponse` with success false. */
      disposition: 'invokeResponse';
      invocationId: string;
      error: AckError;
    };

export type DecodeClientFrameResult = { ok: true; frame: ClientFrame } | ClientFrameRejection;

type Fields = Record<string, unknown>;

// A binary WebSocket frame carrying UTF-8 JSON must be accepted too (§4).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** @param frame the payload of a text frame (string) or of a binary frame (bytes) */
export function decodeClientFrame(frame: string | Uint8Array): DecodeClientFrameResult {
  let text: string;
  try {
    text = typeof frame === 'string' ? frame : utf8.decode(frame);
  } catch {
    return close('frame is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return close('frame is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return close('frame is not a JSON object');
  }
  const fields = parsed as Fields;
  const type = fields.type;
  if (isAbsent(type)) return close("frame has no 'type'");
  if (typeof type !== 'string') return close("'type' must be a string");

  switch (type) {
    case 'ping':
      return accept({ type: 'ping' });
    case 'sequenceAck':
      return decodeSequenceAck(fields);
    case 'joinGroup':
    case 'leaveGroup':
      return decodeJoinOrLeave(type, fields);
    case 'sendToGroup':
      return isAbsent(fields.stream) ? decodeSendToGroup(fields, text) : decodeStreamStart(fields);
    case 'streamData':
      return decodeStreamData(fields, text);
    case 'streamEnd':
      return decodeStreamEnd(fields);
    case 'event':
      return decodeEvent(fields, text);
    case 'invoke':
      return decodeInvoke(fields, text);
    case 'cancelInvocation':
      return typeof fields.invocationId === 'string' && fields.invocationId !== ''
        ? accept({ type: 'cancelInvocation', invocationId: fields.invocationId })
        : close("cancelInvocation needs a non-empty 'invocationId'");
    default:
      return accept({ type: 'ignored', originalType: type, laterWave: LATER_WAVE_REQUEST_TYPES.includes(type) });
  }
}

function decodeSequenceAck(fields: Fields): DecodeClientFrameResult {
  const sequenceId = fields.sequenceId;
  if (isAbsent(sequenceId)) return close("sequenceAck has no 'sequenceId'");
  // No ack exists for sequenceAck, so a bad value can only be a protocol violation.
  if (!isUnsignedInteger(sequenceId)) return close("'sequenceId' must be an unsigned integer");
  return accept({ type: 'sequenceAck', sequenceId });
}

function decodeJoinOrLeave(type: 'joinGroup' | 'leaveGroup', fields: Fields): DecodeClientFrameResult {
  const ackId = readAckId(fields);
  if (typeof ackId === 'object') return ackId;
  if (isAbsent(fields.group)) return close(`${type} has no 'group'`);
  const group = fields.group;
  const problem = groupNameProblem(group);
  if (problem !== null) return badRequest(ackId, problem);
  return accept(withAckId({ type, group: group as string }, ackId));
}

function decodeSendToGroup(fields: Fields, text: string): DecodeClientFrameResult {
  const ackId = readAckId(fields);
  if (typeof ackId === 'object') return ackId;
  if (isAbsent(fields.group)) return close("sendToGroup has no 'group'");
  // `data` is required by every payload shape of Azure's request schema.
  if (fields.data === undefined) return close("sendToGroup has no 'data'");
  const group = fields.group;
  const problem = groupNameProblem(group);
  if (problem !== null) return badRequest(ackId, problem);
  const noEcho = fields.noEcho;
  if (!isAbsent(noEcho) && typeof noEcho !== 'boolean') return badRequest(ackId, "'noEcho' must be a boolean");
  const payload = readPayload(fields, text);
  if (typeof payload === 'string') return badRequest(ackId, payload);
  return accept(withAckId({ type: 'sendToGroup', group: group as string, noEcho: noEcho === true, payload }, ackId));
}

function decodeEvent(fields: Fields, text: string): DecodeClientFrameResult {
  const ackId = readAckId(fields);
  if (typeof ackId === 'object') return ackId;
  if (isAbsent(fields.event)) return close("event has no 'event'");
  if (fields.data === undefined) return close("event has no 'data'");
  const event = fields.event;
  const problem = eventNameProblem(event);
  if (problem !== null) return badRequest(ackId, problem);
  const payload = readPayload(fields, text);
  if (typeof payload === 'string') return badRequest(ackId, payload);
  return accept(withAckId({ type: 'event', event: event as string, payload }, ackId));
}

/**
 * `invoke` (client-protocols-2026.md §1.1, §1.3): a readable id gets its answer even when the
 * rest is wrong; `dataType` and `data` come together or not at all; `target` is `event`.
 */
function decodeInvoke(fields: Fields, text: string): DecodeClientFrameResult {
  const invocationId = fields.invocationId;
  if (typeof invocationId !== 'string' || invocationId === '') return close("invoke needs a non-empty string 'invocationId'");
  const refuse = (message: string): ClientFrameRejection => ({ ok: false, disposition: 'invokeResponse', invocationId, error: { name: 'BadRequest', message } });
  if (!isAbsent(fields.target) && fields.target !== 'event') return refuse(`unsupported invoke target '${String(fields.target)}': only 'event' is supported`);
  const problem = eventNameProblem(fields.event);
  if (problem !== null) return refuse(problem);
  const event = fields.event as string;
  if (isAbsent(fields.dataType) !== (fields.data === undefined)) return refuse("'dataType' and 'data' come together or not at all");
  if (fields.data === undefined) return accept({ type: 'invoke', invocationId, event });
  const payload = readPayload(fields, text);
  if (typeof payload === 'string') return refuse(payload);
  return accept({ type: 'invoke', invocationId, event, payload });
}

/**
 * A stream start (client-protocols-2026.md §2.1): once its id can be read, every problem is
 * answered on the stream, since the SDK waits for that answer with no timeout. An `ackId` is ignored.
 */
function decodeStreamStart(fields: Fields): DecodeClientFrameResult {
  const stream = fields.stream;
  const streamId = typeof stream === 'object' && !Array.isArray(stream) ? (stream as Fields).streamId : undefined;
  if (typeof streamId !== 'string' || streamId === '') return close("a stream start needs a non-empty string 'stream.streamId'");
  const refuse = (message: string) => streamRefusal(streamId, true, message);
  const problem = groupNameProblem(fields.group);
  if (problem !== null) return refuse(problem);
  if (!isAbsent(fields.noEcho) && typeof fields.noEcho !== 'boolean') return refuse("'noEcho' must be a boolean");
  if (fields.data !== undefined || !isAbsent(fields.dataType)) return refuse('a stream start carries no data: send it as streamData');
  const idleTimeoutMs = (stream as Fields).idleTimeoutMs;
  if (!isAbsent(idleTimeoutMs) && !(isUnsignedInteger(idleTimeoutMs) && idleTimeoutMs > 0)) return refuse("'stream.idleTimeoutMs' must be a positive integer");
  const frame: StreamStartFrame = { type: 'streamStart', group: fields.group as string, streamId, noEcho: fields.noEcho === true };
  if (!isAbsent(idleTimeoutMs)) frame.idleTimeoutMs = idleTimeoutMs;
  return accept(frame);
}

/** A fragment has `streamSequenceId`, `dataType` and `data` together; none of them is a keepalive. */
function decodeStreamData(fields: Fields, text: string): DecodeClientFrameResult {
  const streamId = fields.streamId;
  if (typeof streamId !== 'string' || streamId === '') return close("streamData needs a non-empty string 'streamId'");
  const present = [fields.streamSequenceId, fields.dataType, fields.data].filter((value) => !isAbsent(value)).length;
  if (present === 0) return accept({ type: 'streamData', streamId });
  if (present !== 3) return streamRefusal(streamId, false, "'streamSequenceId', 'dataType' and 'data' come together or not at all");
  const streamSequenceId = fields.streamSequenceId;
  if (!isUnsignedInteger(streamSequenceId) || streamSequenceId === 0) return streamRefusal(streamId, false, "'streamSequenceId' must be a positive integer");
  const payload = readPayload(fields, text);
  if (typeof payload === 'string') return streamRefusal(streamId, false, payload);
  return accept({ type: 'streamData', streamId, fragment: { streamSequenceId, payload } });
}

/** `error.name` from a client is ignored (§2.1); fields of the wrong type are dropped, not refused. */
function decodeStreamEnd(fields: Fields): DecodeClientFrameResult {
  const streamId = fields.streamId;
  if (typeof streamId !== 'string' || streamId === '') return close("streamEnd needs a non-empty string 'streamId'");
  const error = fields.error;
  if (isAbsent(error)) return accept({ type: 'streamEnd', streamId });
  if (typeof error !== 'object' || Array.isArray(error)) return streamRefusal(streamId, false, "'error' must be an object");
  const { message, userErrorCode } = error as Fields;
  return accept({
    type: 'streamEnd',
    streamId,
    error: { ...(typeof message === 'string' ? { message } : {}), ...(typeof userErrorCode === 'string' ? { userErrorCode } : {}) },
  });
}

/** The ackId (or undefined when absent), or the rejection when it cannot be acked. */
function readAckId(fields: Fields): number | undefined | ClientFrameRejection {
  const ackId = fields.ackId;
  if (isAbsent(ackId)) return undefined;
  if (!isUnsignedInteger(ackId)) return close("'ackId' must be an unsigned integer");
  return ackId;
}

/** The payload, or why `dataType`/`data` are refused. */
function readPayload(fields: Fields, text: string): MessagePayload | string {
  const dataType = isAbsent(fields.dataType) ? 'json' : fields.dataType;
  const data = fields.data;
  switch (dataType) {
    case 'json':
      // Present (checked by the caller) and parsed, so its source text is one valid JSON value.
      return { dataType: 'json', data: jsonMemberText(text, 'data') as JsonText };
    case 'text':
      if (typeof data !== 'string') return "'data' must be a string when 'dataType' is text";
      return { dataType: 'text', data };
    case 'binary':
    case 'protobuf': {
      if (typeof data !== 'string') return `'data' must be a base64 string when 'dataType' is ${dataType}`;
      const bytes = decodeBase64(data);
      if (bytes === undefined) return `'data' is not valid base64`;
      return { dataType: dataType === 'binary' ? 'binary' : 'protobuf', data: bytes };
    }
    default:
      return typeof dataType === 'string'
        ? `unsupported 'dataType' '${dataType}'`
        : "'dataType' must be one of json, text, binary";
  }
}

/**
 * The event name becomes the `ce-type`/`ce-eventName` header values and the `{event}` of the
 * handler's URL template (upstream-events.md §2, §6). The spec sets no rule; printable ASCII
 * without surrounding spaces is what can be put in a header unchanged.
 */
function eventNameProblem(event: unknown): string | null {
  if (typeof event !== 'string') return "'event' must be a string";
  if (event.length === 0) return "'event' must not be empty";
  for (let i = 0; i < event.length; i++) {
    const c = event.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return "'event' may contain only printable ASCII characters";
  }
  if (event.trim() !== event) return "'event' must not start or end with a space";
  return null;
}

/** JSON null counts as absent for every field: some serialisers write null for unset options. */
function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function isUnsignedInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// The decisions every client-frame decoder returns (JSON here, protobuf in ./protobuf).

export function withAckId<T extends object>(frame: T, ackId: number | undefined): T & { ackId?: number } {
  return ackId === undefined ? frame : { ...frame, ackId };
}

export function accept(frame: ClientFrame): DecodeClientFrameResult {
  return { ok: true, frame };
}

export function close(message: string): ClientFrameRejection {
  return { ok: false, disposition: 'close', error: { name: 'BadRequest', message } };
}

export function streamRefusal(streamId: string, start: boolean, message: string): ClientFrameRejection {
  return { ok: false, disposition: 'stream', streamId, start, error: { name: 'BadRequest', message } };
}

export function badRequest(ackId: number | undefined, message: string): ClientFrameRejection {
  const error: AckError = { name: 'BadRequest', message };
  return ackId === undefined
    ? { ok: false, disposition: 'ack', error }
    : { ok: false, disposition: 'ack', ackId, error };
}
