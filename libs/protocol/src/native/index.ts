export {
  JSON_SUBPROTOCOL,
  JSON_RELIABLE_SUBPROTOCOL,
  PROTOBUF_SUBPROTOCOL,
  PROTOBUF_RELIABLE_SUBPROTOCOL,
  PREDEFINED_SUBPROTOCOLS,
  chooseSubprotocol,
  isReliableProtocol,
} from './subprotocols';
export type { NativeProtocol, SubprotocolChoice } from './subprotocols';
export { decodeClientFrame } from './decode-client-frame';
export type { ClientFrameRejection, DecodeClientFrameResult } from './decode-client-frame';
export { LATER_WAVE_REQUEST_TYPES } from './client-frame';
export type {
  CancelInvocationFrame,
  ClientFrame,
  EventFrame,
  InvokeFrame,
  IgnoredFrame,
  JoinGroupFrame,
  LeaveGroupFrame,
  PingFrame,
  SendToGroupFrame,
  SequenceAckFrame,
  StreamDataFrame,
  StreamEndFrame,
  StreamStartFrame,
} from './client-frame';
export { DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './group-stream';
export type { StreamClosedErrorName, StreamEndErrorName, StreamError, StreamInfo, StreamReply } from './group-stream';
export {
  PONG_FRAME,
  encodeAck,
  encodeConnected,
  encodeDisconnected,
  encodeGroupMessage,
  encodeInvokeResponse,
  encodeServerMessage,
  encodeStreamReply,
  withSequenceId,
} from './encode-server-frame';
export type { ConnectedInfo, EncodedMessage, GroupMessage } from './encode-server-frame';
export { duplicateAckError } from './ack-error';
export type { AckError, AckErrorName } from './ack-error';
export { DATA_TYPES } from './message-payload';
export type { DataType, MessagePayload } from './message-payload';
export { toJsonText } from './json-text';
export type { JsonText } from './json-text';
export { decodeBase64, encodeBase64 } from './base64';
export { MAX_GROUP_NAME_LENGTH, groupNameProblem, isValidGroupName } from './group-name';
