import {
  encodeGroupMessage,
  encodeServerMessage,
  type EncodedMessage,
  type Send,
} from '@switchboard/protocol';
import { encodeProtobufDataMessage, wrapProtobufDataMessage } from '@switchboard/protocol/dist/native/protobuf';
import { frame, frameWithNumber, OPCODE_BINARY, OPCODE_TEXT } from '../sockets/websocket-frame';

/**
 * One message on its way to many connections. Each wire flavour is encoded, and framed for the
 * WebSocket, the first time a recipient of that flavour asks; every other recipient of it gets
 * the same bytes. The reliable flavours differ per recipient only by the sequence id, spliced
 * between a prefix and a suffix encoded once; recipients that reach the message at the same id
 * (clients that joined together count in step) share one frame.
 */
export class OutboundMessage {
  private rawWire?: Buffer;
  private jsonWire?: Buffer;
  private encoded?: EncodedMessage;
  private reliableParts?: { prefix: Buffer; suffix: Buffer };
  private protobufData?: Uint8Array;
  private protobufWire?: Buffer;
  private memos?: Map<string, unknown>;
  /** The last sequenced frame built, per reliable flavour, and its sequence id. */
  private reliableLast?: Buffer;
  private reliableLastId = 0;
  private protobufLast?: Buffer;
  private protobufLastId = 0;

  constructor(readonly send: Send) {}

  /** Simple (raw) clients get the payload alone (spec/client-protocols.md §3). */
  rawFrame(): Buffer {
    if (!this.rawWire) {
      const { payload } = this.send;
      this.rawWire =
        payload.dataType === 'json' || payload.dataType === 'text'
          ? frame(OPCODE_TEXT, Buffer.from(payload.data, 'utf8'))
          : frame(OPCODE_BINARY, Buffer.from(payload.data.buffer, payload.data.byteOffset, payload.data.byteLength));
    }
    return this.rawWire;
  }

  /** `json.webpubsub.azure.v1` message frame (§4.2). */
  jsonFrame(): Buffer {
    this.jsonWire ??= frame(OPCODE_TEXT, Buffer.from(this.jsonEncoded().frame, 'utf8'));
    return this.jsonWire;
  }

  /** `json.reliable.webpubsub.azure.v1` message frame for one recipient's sequence id (§7). */
  reliableFrame(sequenceId: number): Buffer {
    if (!this.reliableParts) {
      const encoded = this.jsonEncoded();
      this.reliableParts = { prefix: Buffer.from(encoded.reliablePrefix, 'utf8'), suffix: Buffer.from(encoded.reliableSuffix, 'utf8') };
    }
    if (this.reliableLast && this.reliableLastId === sequenceId) return this.reliableLast;
    this.reliableLastId = sequenceId;
    this.reliableLast = frameWithNumber(OPCODE_TEXT, this.reliableParts.prefix, sequenceId, this.reliableParts.suffix);
    return this.reliableLast;
  }

  /**
   * `protobuf.webpubsub.azure.v1` (client-protocols-2026.md §6.3): the DataMessage is encoded once;
   * the reliable flavour wraps it with the recipient's sequence id appended (§6.6).
   */
  protobufFrame(sequenceId?: number): Buffer {
    if (!this.protobufData) {
      const { target, payload, stream } = this.send;
      this.protobufData = encodeProtobufDataMessage(target.kind === 'group' ? { group: target.group, payload, ...(stream ? { stream } : {}) } : { payload });
    }
    if (sequenceId === undefined) {
      this.protobufWire ??= binaryFrame(wrapProtobufDataMessage(this.protobufData));
      return this.protobufWire;
    }
    if (this.protobufLast && this.protobufLastId === sequenceId) return this.protobufLast;
    this.protobufLastId = sequenceId;
    this.protobufLast = binaryFrame(wrapProtobufDataMessage(this.protobufData, sequenceId));
    return this.protobufLast;
  }

  /**
   * Encodings a gateway owns (MQTT PUBLISH per version and QoS): built by the first recipient
   * that needs `key`, shared by every other.
   */
  memo<T>(key: string, build: () => T): T {
    this.memos ??= new Map();
    let value = this.memos.get(key) as T | undefined;
    if (value === undefined) {
      value = build();
      this.memos.set(key, value);
    }
    return value;
  }

  private jsonEncoded(): EncodedMessage {
    if (!this.encoded) {
      const { target, from, payload, stream } = this.send;
      this.encoded =
        target.kind === 'group'
          ? encodeGroupMessage({ group: target.group, fromUserId: from.kind === 'connection' ? from.userId : null, payload, ...(stream ? { stream } : {}) })
          : encodeServerMessage(payload);
    }
    return this.encoded;
  }
}

function binaryFrame(bytes: Uint8Array): Buffer {
  return frame(OPCODE_BINARY, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
