/**
 * Frames Switchboard sends to protobuf clients (client-protocols-2026.md §6.3), each a
 * `DownstreamMessage`. A data message is encoded once; the reliable flavour adds its sequence id
 * per recipient by appending that one field (§6.6), which protobuf allows in any order.
 */
import { Writer } from 'protobufjs/light';
import type { AckError } from '../ack-error';
import type { ConnectedInfo } from '../encode-server-frame';
import type { StreamInfo, StreamReply } from '../group-stream';
import type { MessagePayload } from '../message-payload';
import { DataMessage, DownstreamMessage } from './schema';

export function encodeProtobufAck(ackId: number, error?: AckError): Uint8Array {
  return DownstreamMessage.encode({ ackMessage: { ackId, success: error === undefined, ...(error ? { error: { name: error.name, message: error.message } } : {}) } }).finish();
}

export function encodeProtobufConnected(info: ConnectedInfo): Uint8Array {
  return DownstreamMessage.encode({
    systemMessage: {
      connectedMessage: {
        connectionId: info.connectionId,
        ...(info.userId ? { userId: info.userId } : {}),
        ...(info.reconnectionToken ? { reconnectionToken: info.reconnectionToken } : {}),
      },
    },
  }).finish();
}

export function encodeProtobufDisconnected(reason?: string | null): Uint8Array {
  return DownstreamMessage.encode({ systemMessage: { disconnectedMessage: reason ? { reason } : {} } }).finish();
}

export const PROTOBUF_PONG: Uint8Array = DownstreamMessage.encode({ pongMessage: {} }).finish();

/** The `DataMessage` of a message, without a sequence id: the part every recipient shares. */
export function encodeProtobufDataMessage(message: { group?: string; payload: MessagePayload; stream?: StreamInfo }): Uint8Array {
  const { group, payload, stream } = message;
  return DataMessage.encode({
    from: group === undefined ? 'server' : 'group',
    ...(group !== undefined ? { group } : {}),
    // A terminal frame's payload names only the stream's data type, with an empty value (§2.3).
    data: stream?.endOfStream ? emptyMessageData(payload) : messageData(payload),
    ...(stream ? { stream } : {}),
  }).finish();
}

/** `stream_ack_message`, `stream_nack_message`, `stream_closed_message` (§6.3). */
export function encodeProtobufStreamReply(reply: StreamReply): Uint8Array {
  switch (reply.kind) {
    case 'streamAck':
      return DownstreamMessage.encode({ streamAckMessage: { streamId: reply.streamId, expectedSequenceId: reply.expectedSequenceId } }).finish();
    case 'streamNack':
      return DownstreamMessage.encode({
        streamNackMessage: { streamId: reply.streamId, name: reply.name, message: reply.message ?? '', expectedSequenceId: reply.expectedSequenceId },
      }).finish();
    case 'streamClosed':
      return DownstreamMessage.encode({ streamClosedMessage: { streamId: reply.streamId, ...(reply.error ? { error: reply.error } : {}) } }).finish();
  }
}

/** `DownstreamMessage{ data_message }` around an encoded DataMessage, with a sequence id if given. */
export function wrapProtobufDataMessage(dataMessage: Uint8Array, sequenceId?: number): Uint8Array {
  const sequence = sequenceId === undefined ? null : Writer.create().uint32((4 << 3) | 0).uint64(sequenceId).finish();
  const innerLength = dataMessage.length + (sequence?.length ?? 0);
  const head = Writer.create().uint32((2 << 3) | 2).uint32(innerLength).finish();
  const out = new Uint8Array(head.length + innerLength);
  out.set(head, 0);
  out.set(dataMessage, head.length);
  if (sequence) out.set(sequence, head.length + dataMessage.length);
  return out;
}

function emptyMessageData(payload: MessagePayload): Record<string, unknown> {
  switch (payload.dataType) {
    case 'text':
    case 'json':
      return { textData: '' };
    case 'binary':
      return { binaryData: new Uint8Array(0) };
    case 'protobuf':
      return { protobufData: new Uint8Array(0) };
  }
}

/** `json` goes as `text_data`, serialised, as Azure's reference says (§6.4). */
function messageData(payload: MessagePayload): Record<string, unknown> {
  switch (payload.dataType) {
    case 'text':
    case 'json':
      return { textData: payload.data };
    case 'binary':
      return { binaryData: payload.data };
    case 'protobuf':
      return { protobufData: payload.data };
  }
}
