import type { AckError, ConnectedInfo, DecodeClientFrameResult, MessagePayload, StreamReply } from '@switchboard/protocol';
import type { OutboundMessage } from '../../messaging/outbound-message';

/**
 * One subprotocol's wire format, chosen once when a connection opens (json, protobuf, each plain
 * or reliable): it decodes the client's frames and encodes every frame the server sends, framed
 * for the WebSocket. The connection never names a format; fan-out asks the OutboundMessage, which
 * encodes each format once for all its recipients.
 */
export interface NativeCodec {
  decode(data: Buffer, isBinary: boolean): DecodeClientFrameResult;
  ack(ackId: number, error?: AckError): Buffer;
  connected(info: ConnectedInfo): Buffer;
  disconnected(reason: string): Buffer;
  pong(): Buffer;
  /** null where the format has no such frame (protobuf cannot carry invoke, §6.3). */
  invokeResponse(invocationId: string, answer: { payload?: MessagePayload } | { error: AckError }): Buffer | null;
  /** `streamAck`, `streamNack` or `streamClosed` to a stream's publisher (client-protocols-2026.md §2.2). */
  streamReply(reply: StreamReply): Buffer;
  /** A message frame; the reliable formats splice in `sequenceId`. */
  message(message: OutboundMessage, sequenceId?: number): Buffer;
}
