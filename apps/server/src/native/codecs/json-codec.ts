import { decodeClientFrame, encodeAck, encodeConnected, encodeDisconnected, encodeInvokeResponse, encodeStreamReply, PONG_FRAME } from '@switchboard/protocol';
import { frame, OPCODE_TEXT } from '../../sockets/websocket-frame';
import type { NativeCodec } from './native-codec';

const text = (value: string) => frame(OPCODE_TEXT, Buffer.from(value, 'utf8'));
const PONG = text(PONG_FRAME);

/** `json.webpubsub.azure.v1` and its reliable twin (spec/client-protocols.md §4, §7): text frames. */
export const JSON_CODEC: NativeCodec = {
  // A binary frame carrying UTF-8 JSON is accepted too (§4).
  decode: (data, isBinary) => decodeClientFrame(isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.length) : data.toString('utf8')),
  ack: (ackId, error) => text(encodeAck(ackId, error)),
  connected: (info) => text(encodeConnected(info)),
  disconnected: (reason) => text(encodeDisconnected(reason)),
  pong: () => PONG,
  invokeResponse: (invocationId, answer) => text(encodeInvokeResponse(invocationId, answer)),
  streamReply: (reply) => text(encodeStreamReply(reply)),
  message: (message, sequenceId) => (sequenceId === undefined ? message.jsonFrame() : message.reliableFrame(sequenceId)),
};
