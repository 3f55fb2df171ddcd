/**
 * The reliable protocol's unacknowledged messages (spec/client-protocols.md §7.3-§7.4): every
 * message frame is kept, with its sequence id, until a cumulative `sequenceAck` covers it, so a
 * recovering client gets each one again in order. Bounded in count and bytes.
 *
 * A frame queued while the client was away may carry an expiry (REST `messageTtlSeconds`,
 * client-protocols-2026.md §7): if it is still unsent when the client returns and its time is
 * up, it is dropped instead of sent. A frame once written is kept until acknowledged, whatever
 * its TTL.
 *
 * A frame written to a connected client is kept as the message `M` it came from, not as its
 * bytes, when `rebuild` can make the same frame again from the message and the sequence id. A
 * fan-out then leaves one shared message behind in each recipient's buffer rather than one frame
 * per recipient, alive until the next acknowledgement: those copies, thousands a second, were
 * what the young generation had to carry into the old one.
 */
export class ReplayBuffer<M = never> {
  private ids: number[] = [];
  /** The frame, or the message to build it from (see `rebuild`). */
  private entries: Array<Buffer | M> = [];
  private lengths: number[] = [];
  /** Per frame: epoch ms past which it is dropped if still unsent; 0 = sent, or no expiry. */
  private expiries: number[] = [];
  private head = 0;
  private bytes = 0;
  private lastId = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
    private readonly rebuild?: (message: M, sequenceId: number) => Buffer,
  ) {}

  nextSequenceId(): number {
    return ++this.lastId;
  }

  /**
   * Returns false when the buffer is full: the session cannot keep its promise and must end.
   * `message`: what `frame` was built from, kept instead of it (see the class comment).
   */
  push(sequenceId: number, frame: Buffer, unsentExpiry = 0, message?: M): boolean {
    if (this.size >= this.maxMessages || this.bytes + frame.length > this.maxBytes) return false;
    this.ids.push(sequenceId);
    this.entries.push(message !== undefined && this.rebuild ? message : frame);
    this.lengths.push(frame.length);
    this.expiries.push(unsentExpiry);
    this.bytes += frame.length;
    return true;
  }

  /** Cumulative: releases every frame up to and including `sequenceId`. */
  ack(sequenceId: number): void {
    while (this.head < this.ids.length && this.ids[this.head] <= sequenceId) {
      this.bytes -= this.lengths[this.head];
      this.entries[this.head] = EMPTY;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.ids.length) this.compact();
  }

  /**
   * For a returning client: drops the unsent frames whose time is up (returns how many), then
   * counts every frame left as sent. The ids of dropped frames are skipped; the SDK takes any
   * higher id as the next one.
   */
  takeForResend(now: number): { frames: Buffer[]; expired: number } {
    const frames: Buffer[] = [];
    let expired = 0;
    const ids: number[] = [];
    const kept: Array<Buffer | M> = [];
    const lengths: number[] = [];
    for (let i = this.head; i < this.ids.length; i++) {
      const expiry = this.expiries[i];
      if (expiry !== 0 && expiry <= now) {
        this.bytes -= this.lengths[i];
        expired++;
        continue;
      }
      ids.push(this.ids[i]);
      kept.push(this.entries[i]);
      lengths.push(this.lengths[i]);
      frames.push(this.frameAt(i));
    }
    this.ids = ids;
    this.entries = kept;
    this.lengths = lengths;
    this.expiries = new Array<number>(ids.length).fill(0);
    this.head = 0;
    return { frames, expired };
  }

  /** Frames not yet acknowledged, oldest first. */
  *unacknowledged(): Iterable<Buffer> {
    for (let i = this.head; i < this.entries.length; i++) yield this.frameAt(i);
  }

  /** Plain data for a session that moves to another node. */
  snapshot(): { lastId: number; entries: Array<[number, string, number]> } {
    const entries: Array<[number, string, number]> = [];
    for (let i = this.head; i < this.ids.length; i++) entries.push([this.ids[i], this.frameAt(i).toString('base64'), this.expiries[i]]);
    return { lastId: this.lastId, entries };
  }

  /** Takes a snapshot made by another node's buffer: same ids, same frames, same next id. */
  restore(snapshot: { lastId: number; entries: Array<[number, string, number?]> }): void {
    this.ids = [];
    this.entries = [];
    this.lengths = [];
    this.expiries = [];
    this.head = 0;
    this.bytes = 0;
    for (const [id, frame, expiry] of snapshot.entries) this.push(id, Buffer.from(frame, 'base64'), expiry ?? 0);
    this.lastId = snapshot.lastId;
  }

  get size(): number {
    return this.ids.length - this.head;
  }

  get byteSize(): number {
    return this.bytes;
  }

  private frameAt(index: number): Buffer {
    const entry = this.entries[index];
    return Buffer.isBuffer(entry) ? entry : this.rebuild!(entry, this.ids[index]);
  }

  private compact(): void {
    this.ids = this.ids.slice(this.head);
    this.entries = this.entries.slice(this.head);
    this.lengths = this.lengths.slice(this.head);
    this.expiries = this.expiries.slice(this.head);
    this.head = 0;
  }
}

const EMPTY = Buffer.alloc(0);
