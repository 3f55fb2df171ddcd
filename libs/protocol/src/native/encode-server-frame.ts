/**
 * Frames Switchboard sends to JSON-subprotocol clients (spec/client-protocols.md §4.2, §7).
 * Field order follows the spec's samples; parsers do not care, readers do.
 *
 * Group fan-out is the hot path, so a message is serialised once into an EncodedMessage that
 * serves both flavours: the non-reliable frame as is, and the reliable frame as
 * `reliablePrefix + sequenceId + reliableSuffix` per recipient — a string concatenation, the
 * payload is never stringified again.
 */
import type { AckError } from './ack-error';
import { encodeBase64 } from './base64';
import type { StreamInfo, StreamReply } from './group-stream';
import type { MessagePayload } from './message-payload';

export interface EncodedMessage {
  /** The whole frame for `json.webpubsub.azure.v1`. */
  readonly frame: string;
  /** `json.reliable.webpubsub.azure.v1`: the frame is `reliablePrefix + sequenceId + reliableSuffix`. */
  readonly reliablePrefix: string;
  readonly reliableSuffix: string;
}

export interface GroupMessage {
  group: string;
  /** The sender's userId; omitted from the frame when there is none or the message came from
   *  REST (§4.2 — omission rather than null is the spec's recommendation). */
  fromUserId?: string | null;
  payload: MessagePayload;
  /** A group stream's fragment or terminal frame (client-protocols-2026.md §2.3). */
  stream?: StreamInfo;
}

export const PONG_FRAME = '{"type":"pong"}';

/** `{"type":"message","from":"group",...}`: a member's view of a group message (§4.2). */
export function encodeGroupMessage(message: GroupMessage): EncodedMessage {
  let body = `{"type":"message","from":"group","group":${JSON.stringify(message.group)}`;
  if (message.fromUserId !== undefined && message.fromUserId !== null) {
    body += `,"fromUserId":${JSON.stringify(message.fromUserId)}`;
  }
  const { stream } = message;
  if (stream === undefined) return sequenceable(body + payloadFields(message.payload));
  return sequenceable(body + (stream.endOfStream ? terminalPayloadFields(message.payload) : payloadFields(message.payload)) + `,"stream":${JSON.stringify(stream)}`);
}

/**
 * A terminal frame has no payload, yet `@azure/web-pubsub-client` 1.1.0 drops a group message
 * without a known `dataType` (§2.3): it names the stream's data type with an empty value, and
 * a `json` one leaves `data` out, since no JSON value is empty.
 */
function terminalPayloadFields(payload: MessagePayload): string {
  return payload.dataType === 'json' ? ',"dataType":"json"' : `,"dataType":"${payload.dataType}","data":""`;
}

/** `streamAck`, `streamNack`, `streamClosed` to a stream's publisher (client-protocols-2026.md §2.2). */
export function encodeStreamReply(reply: StreamReply): string {
  switch (reply.kind) {
    case 'streamAck':
      return `{"type":"streamAck","streamId":${JSON.stringify(reply.streamId)},"expectedSequenceId":${reply.expectedSequenceId}}`;
    case 'streamNack':
      return JSON.stringify({ type: 'streamNack', streamId: reply.streamId, expectedSequenceId: reply.expectedSequenceId, name: reply.name, message: reply.message });
    case 'streamClosed':
      return JSON.stringify({ type: 'streamClosed', streamId: reply.streamId, error: reply.error });
  }
}

/** `{"type":"message","from":"server",...}`: REST send to all/user/connection, or the event
 *  handler's response to an `event` request (§4.2). */
export function encodeServerMessage(payload: MessagePayload): EncodedMessage {
  return sequenceable(`{"type":"message","from":"server"${payloadFields(payload)}`);
}

/**
 * The reliable frame for one recipient. `sequenceId` is the recipient session's next id
 * (uint64 from 1, §7); it must be a safe integer, which is not checked here (hot path).
 */
export function withSequenceId(message: EncodedMessage, sequenceId: number): string {
  return message.reliablePrefix + sequenceId + message.reliableSuffix;
}

/**
 * `invokeResponse` (client-protocols-2026.md §1.1): `success` always present, `error` always
 * given on failure (the SDK needs both), a payload only on success.
 */
export function encodeInvokeResponse(invocationId: string, answer: { payload?: MessagePayload } | { error: AckError }): string {
  const head = `{"type":"invokeResponse","invocationId":${JSON.stringify(invocationId)}`;
  if ('error' in answer) return `${head},"success":false,"error":${JSON.stringify({ name: answer.error.name, message: answer.error.message })}}`;
  return `${head},"success":true${answer.payload ? payloadFields(answer.payload) : ''}}`;
}

/** `ack`: success carries no `error` field (§4.2). */
export function encodeAck(ackId: number, error?: AckError): string {
  if (error === undefined) return `{"type":"ack","ackId":${ackId},"success":true}`;
  return `{"type":"ack","ackId":${ackId},"success":false,"error":${JSON.stringify({
    name: error.name,
    message: error.message,
  })}}`;
}

export interface ConnectedInfo {
  connectionId: string;
  /** Anonymous connections get `"userId":null`, as in Azure's samples (§4.2). */
  userId?: string | null;
  /** Reliable protocol only (§7.1); omitted when undefined. */
  reconnectionToken?: string;
}

/** `system/connected`: the first frame after the handshake, and again after each recovery (§7.6). */
export function encodeConnected(info: ConnectedInfo): string {
  let frame = `{"type":"system","event":"connected","userId":${JSON.stringify(info.userId ?? null)}`;
  frame += `,"connectionId":${JSON.stringify(info.connectionId)}`;
  if (info.reconnectionToken !== undefined) {
    frame += `,"reconnectionToken":${JSON.stringify(info.reconnectionToken)}`;
  }
  return `${frame}}`;
}

/** `system/disconnected`: sent right before the service closes the socket (§4.2, §8). */
export function encodeDisconnected(message?: string | null): string {
  if (message === undefined || message === null) return '{"type":"system","event":"disconnected"}';
  return `{"type":"system","event":"disconnected","message":${JSON.stringify(message)}}`;
}

function sequenceable(body: string): EncodedMessage {
  return { frame: `${body}}`, reliablePrefix: `${body},"sequenceId":`, reliableSuffix: '}' };
}

/** `,"dataType":...,"data":...`. JSON text is spliced as received; bytes go out as base64. */
function payloadFields(payload: MessagePayload): string {
  switch (payload.dataType) {
    case 'json':
      return `,"dataType":"json","data":${payload.data}`;
    case 'text':
      return `,"dataType":"text","data":${JSON.stringify(payload.data)}`;
    case 'binary':
    case 'protobuf':
      // The base64 alphabet needs no JSON escaping.
      return `,"dataType":"${payload.dataType}","data":"${encodeBase64(payload.data)}"`;
  }
}
