import {
  encodeGroupMessage,
  encodeServerMessage,
  withSequenceId,
  type EncodedMessage,
  type Send,
} from '@switchboard/protocol';

export interface RawFrame {
  data: Buffer;
  binary: boolean;
}

/**
 * One message on its way to many connections. Each wire flavour is encoded the first time a
 * recipient of that flavour asks, then the same bytes go to every other recipient of it: no
 * per-recipient serialisation on the fan-out path. The reliable flavour differs per recipient
 * only by its sequence id, spliced between a prefix and a suffix encoded once.
 */
export class OutboundMessage {
  private rawFrame?: RawFrame;
  private encoded?: EncodedMessage;
  private jsonBytes?: Buffer;

  constructor(readonly send: Send) {}

  /** Simple (raw) clients get the payload alone (spec/client-protocols.md §3). */
  raw(): RawFrame {
    if (!this.rawFrame) {
      const { payload } = this.send;
      this.rawFrame =
        payload.dataType === 'json' || payload.dataType === 'text'
          ? { data: Buffer.from(payload.data, 'utf8'), binary: false }
          : { data: Buffer.from(payload.data.buffer, payload.data.byteOffset, payload.data.byteLength), binary: true };
    }
    return this.rawFrame;
  }

  /** `json.webpubsub.azure.v1` message frame (§4.2). */
  jsonFrame(): Buffer {
    this.jsonBytes ??= Buffer.from(this.jsonEncoded().frame, 'utf8');
    return this.jsonBytes;
  }

  /** `json.reliable.webpubsub.azure.v1` message frame for one recipient's sequence id (§7). */
  reliableFrame(sequenceId: number): Buffer {
    return Buffer.from(withSequenceId(this.jsonEncoded(), sequenceId), 'utf8');
  }

  private jsonEncoded(): EncodedMessage {
    if (!this.encoded) {
      const { target, from, payload } = this.send;
      this.encoded =
        target.kind === 'group'
          ? encodeGroupMessage({ group: target.group, fromUserId: from.kind === 'connection' ? from.userId : null, payload })
          : encodeServerMessage(payload);
    }
    return this.encoded;
  }
}
