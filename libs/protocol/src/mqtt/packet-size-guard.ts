/**
 * Bounds MQTT packets as their bytes arrive, before any parser buffers them (MQTT 5.0 §3.1.2.11.4,
 * §2.1.4): each packet's size is known from its fixed header, so a packet declared larger than
 * the limit is refused as soon as its remaining length is read, not after megabytes of it came.
 *
 * It only walks packet boundaries (fixed header, then skip the body), so it costs a few byte
 * reads per packet and keeps no payload.
 */
export type GuardVerdict = { ok: true } | { ok: false; declaredBytes: number; limitBytes: number } | { ok: false; malformed: string };

export class PacketSizeGuard {
  /** Bytes of the current packet's body still to skip. */
  private skipping = 0;
  /** The fixed header read so far: 0 = expecting a first byte. */
  private headerBytes = 0;
  private remaining = 0;
  private multiplier = 1;

  private packets = 0;

  /**
   * @param limitBytes largest whole packet (fixed header included)
   * @param firstPacketLimitBytes a smaller bound for the first packet, the CONNECT, which comes
   *   before the client is authenticated by anything but its token
   */
  constructor(
    public limitBytes: number,
    private readonly firstPacketLimitBytes = limitBytes,
  ) {}

  /** True between packets: every byte fed so far belongs to a whole packet. */
  get atPacketBoundary(): boolean {
    return this.skipping === 0 && this.headerBytes === 0;
  }

  feed(chunk: Uint8Array): GuardVerdict {
    let at = 0;
    while (at < chunk.length) {
      if (this.skipping > 0) {
        const step = Math.min(this.skipping, chunk.length - at);
        this.skipping -= step;
        at += step;
        continue;
      }
      const byte = chunk[at++];
      if (this.headerBytes === 0) {
        // First byte: packet type and flags; the remaining length follows.
        this.headerBytes = 1;
        this.remaining = 0;
        this.multiplier = 1;
        continue;
      }
      this.headerBytes++;
      this.remaining += (byte & 0x7f) * this.multiplier;
      if (byte & 0x80) {
        this.multiplier *= 128;
        // At most four length bytes (§1.5.5).
        if (this.headerBytes >= 5) return { ok: false, malformed: 'the remaining length has more than four bytes' };
        continue;
      }
      const total = this.headerBytes + this.remaining;
      const limit = this.packets++ === 0 ? this.firstPacketLimitBytes : this.limitBytes;
      if (total > limit) return { ok: false, declaredBytes: total, limitBytes: limit };
      this.skipping = this.remaining;
      this.headerBytes = 0;
    }
    return { ok: true };
  }
}
