/**
 * Frames Switchboard sends to protobuf clients (client-protocols-2026.md §6.3), each a
 * `DownstreamMessage`. A data message is encoded once; the reliable flavour adds its sequence id
 * per recipient by appending that one field (§6.6), which protobuf allows in any order.
 */
import { Writer } from 'protobufjs/light';
import type { AckError } from '../ack-error';
import type { ConnectedInfo } from '../encode-server-frame';
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
export function encodeProtobufDataMessage(message: { group?: string; payload: MessagePayload }): Uint8Array {
  return DataMessage.encode({ from: message.group === undefined ? 'server' : 'group', ...(message.group !== undefined ? { group: message.group } : {}), data: messageData(message.payload) }).finish();
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
