/**
 * The protobuf subprotocols (client-protocols-2026.md §6), kept out of the main entry so that the
 * dashboard's bundle does not carry protobufjs: `@switchboard/protocol/dist/native/protobuf`.
 */
export { decodeProtobufClientFrame } from './decode-protobuf-frame';
export {
  PROTOBUF_PONG,
  encodeProtobufAck,
  encodeProtobufConnected,
  encodeProtobufDataMessage,
  encodeProtobufDisconnected,
  encodeProtobufStreamReply,
  wrapProtobufDataMessage,
} from './encode-protobuf-frame';
