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
  /**
   * A ring of slots, oldest at `head`. Per slot, in `numbers`: sequence id, frame length, and the
   * epoch ms past which it is dropped if still unsent (0 = sent, or no expiry). Numbers live off
   * the JS heap and the ring grows only by doubling, so the thousands of pushes a second of a
   * fan-out leave nothing for the garbage collector to copy or promote.
   */
  private numbers = EMPTY_NUMBERS;
  /** The frame, or the message to build it from (see `rebuild`). */
  private entries: Array<Buffer | M | undefined> = [];
  private capacity = 0;
  private head = 0;
  private count = 0;
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
    if (this.count >= this.maxMessages || this.bytes + frame.length > this.maxBytes) return false;
    if (this.count === this.capacity) this.grow();
    const slot = (this.head + this.count) & (this.capacity - 1);
    this.numbers[slot * 3] = sequenceId;
    this.numbers[slot * 3 + 1] = frame.length;
    this.numbers[slot * 3 + 2] = unsentExpiry;
    this.entries[slot] = message !== undefined && this.rebuild ? message : frame;
    this.count++;
    this.bytes += frame.length;
    return true;
  }

  /** Cumulative: releases every frame up to and including `sequenceId`. */
  ack(sequenceId: number): void {
    while (this.count > 0 && this.numbers[this.head * 3] <= sequenceId) {
      this.bytes -= this.numbers[this.head * 3 + 1];
      this.entries[this.head] = undefined;
      this.head = (this.head + 1) & (this.capacity - 1);
      this.count--;
    }
  }

  /**
   * For a returning client: drops the unsent frames whose time is up (returns how many), then
   * counts every frame left as sent. The ids of dropped frames are skipped; the SDK takes any
   * higher id as the next one.
   */
  takeForResend(now: number): { frames: Buffer[]; expired: number } {
    const frames: Buffer[] = [];
    let expired = 0;
    let kept = 0;
    // Kept slots move down over the dropped ones, in order, from the head.
    for (let i = 0; i < this.count; i++) {
      const slot = this.slot(i);
      const expiry = this.numbers[slot * 3 + 2];
      if (expiry !== 0 && expiry <= now) {
        this.bytes -= this.numbers[slot * 3 + 1];
        this.entries[slot] = undefined;
        expired++;
        continue;
      }
      frames.push(this.frameAt(slot));
      const to = this.slot(kept++);
      this.numbers[to * 3] = this.numbers[slot * 3];
      this.numbers[to * 3 + 1] = this.numbers[slot * 3 + 1];
      this.numbers[to * 3 + 2] = 0;
      this.entries[to] = this.entries[slot];
      if (to !== slot) this.entries[slot] = undefined;
    }
    this.count = kept;
    return { frames, expired };
  }

  /** Frames not yet acknowledged, oldest first. */
  *unacknowledged(): Iterable<Buffer> {
    for (let i = 0; i < this.count; i++) yield this.frameAt(this.slot(i));
  }

  /** Plain data for a session that moves to another node. */
  snapshot(): { lastId: number; entries: Array<[number, string, number]> } {
    const entries: Array<[number, string, number]> = [];
    for (let i = 0; i < this.count; i++) {
      const slot = this.slot(i);
      entries.push([this.numbers[slot * 3], this.frameAt(slot).toString('base64'), this.numbers[slot * 3 + 2]]);
    }
    return { lastId: this.lastId, entries };
  }

  /** Takes a snapshot made by another node's buffer: same ids, same frames, same next id. */
  restore(snapshot: { lastId: number; entries: Array<[number, string, number?]> }): void {
    this.numbers = EMPTY_NUMBERS;
    this.entries = [];
    this.capacity = 0;
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
    for (const [id, frame, expiry] of snapshot.entries) this.push(id, Buffer.from(frame, 'base64'), expiry ?? 0);
    this.lastId = snapshot.lastId;
  }

  get size(): number {
    return this.count;
  }

  get byteSize(): number {
    return this.bytes;
  }

  /** The ring's slot of the i-th oldest frame. */
  private slot(i: number): number {
    return (this.head + i) & (this.capacity - 1);
  }

  private frameAt(slot: number): Buffer {
    const entry = this.entries[slot]!;
    return Buffer.isBuffer(entry) ? entry : this.rebuild!(entry, this.numbers[slot * 3]);
  }

  /** Twice the slots (a power of two, so a slot is a mask away), the oldest first again. */
  private grow(): void {
    const capacity = Math.max(MIN_CAPACITY, this.capacity * 2);
    const numbers = new Float64Array(capacity * 3);
    const entries = new Array<Buffer | M | undefined>(capacity);
    for (let i = 0; i < this.count; i++) {
      const slot = this.slot(i);
      numbers.set(this.numbers.subarray(slot * 3, slot * 3 + 3), i * 3);
      entries[i] = this.entries[slot];
    }
    this.numbers = numbers;
    this.entries = entries;
    this.capacity = capacity;
    this.head = 0;
  }
}

/** A connection that was never sent a message holds no ring. */
const EMPTY_NUMBERS = new Float64Array(0);
const MIN_CAPACITY = 16;
