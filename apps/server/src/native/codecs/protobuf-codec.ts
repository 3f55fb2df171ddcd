import {
  decodeProtobufClientFrame,
  encodeProtobufAck,
  encodeProtobufConnected,
  encodeProtobufDisconnected,
  encodeProtobufStreamReply,
  PROTOBUF_PONG,
} from '@switchboard/protocol/dist/native/protobuf';
import { frame, OPCODE_BINARY } from '../../sockets/websocket-frame';
import type { NativeCodec } from './native-codec';

const binary = (bytes: Uint8Array) => frame(OPCODE_BINARY, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const PONG = binary(PROTOBUF_PONG);

/**
 * `protobuf.webpubsub.azure.v1` and its reliable twin (client-protocols-2026.md §6): one
 * UpstreamMessage or DownstreamMessage per binary frame. A text frame is a protocol violation.
 */
export const PROTOBUF_CODEC: NativeCodec = {
  decode: (data, isBinary) =>
    isBinary
      ? decodeProtobufClientFrame(new Uint8Array(data.buffer, data.byteOffset, data.length))
      : { ok: false, disposition: 'close', error: { name: 'BadRequest', message: 'protobuf subprotocols take binary frames only' } },
  ack: (ackId, error) => binary(encodeProtobufAck(ackId, error)),
  connected: (info) => binary(encodeProtobufConnected(info)),
  disconnected: (reason) => binary(encodeProtobufDisconnected(reason)),
  pong: () => PONG,
  invokeResponse: () => null,
  streamReply: (reply) => binary(encodeProtobufStreamReply(reply)),
  message: (message, sequenceId) => message.protobufFrame(sequenceId),
};
