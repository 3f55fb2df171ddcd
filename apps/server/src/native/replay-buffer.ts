/**
 * The reliable protocol's unacknowledged messages (spec/client-protocols.md §7.3-§7.4): every
 * message frame is kept, with its sequence id, until a cumulative `sequenceAck` covers it, so a
 * recovering client gets each one again in order. Bounded in count and bytes.
 *
 * A frame queued while the client was away may carry an expiry (REST `messageTtlSeconds`,
 * client-protocols-2026.md §7): if it is still unsent when the client returns and its time is
 * up, it is dropped instead of sent. A frame once written is kept until acknowledged, whatever
 * its TTL.
 */
export class ReplayBuffer {
  private ids: number[] = [];
  private frames: Buffer[] = [];
  /** Per frame: epoch ms past which it is dropped if still unsent; 0 = sent, or no expiry. */
  private expiries: number[] = [];
  private head = 0;
  private bytes = 0;
  private lastId = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  nextSequenceId(): number {
    return ++this.lastId;
  }

  /** Returns false when the buffer is full: the session cannot keep its promise and must end. */
  push(sequenceId: number, frame: Buffer, unsentExpiry = 0): boolean {
    if (this.size >= this.maxMessages || this.bytes + frame.length > this.maxBytes) return false;
    this.ids.push(sequenceId);
    this.frames.push(frame);
    this.expiries.push(unsentExpiry);
    this.bytes += frame.length;
    return true;
  }

  /** Cumulative: releases every frame up to and including `sequenceId`. */
  ack(sequenceId: number): void {
    while (this.head < this.ids.length && this.ids[this.head] <= sequenceId) {
      this.bytes -= this.frames[this.head].length;
      this.frames[this.head] = EMPTY;
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
    const kept: Buffer[] = [];
    for (let i = this.head; i < this.ids.length; i++) {
      const expiry = this.expiries[i];
      if (expiry !== 0 && expiry <= now) {
        this.bytes -= this.frames[i].length;
        expired++;
        continue;
      }
      ids.push(this.ids[i]);
      kept.push(this.frames[i]);
      frames.push(this.frames[i]);
    }
    this.ids = ids;
    this.frames = kept;
    this.expiries = new Array<number>(ids.length).fill(0);
    this.head = 0;
    return { frames, expired };
  }

  /** Frames not yet acknowledged, oldest first. */
  *unacknowledged(): Iterable<Buffer> {
    for (let i = this.head; i < this.frames.length; i++) yield this.frames[i];
  }

  /** Plain data for a session that moves to another node. */
  snapshot(): { lastId: number; entries: Array<[number, string, number]> } {
    const entries: Array<[number, string, number]> = [];
    for (let i = this.head; i < this.ids.length; i++) entries.push([this.ids[i], this.frames[i].toString('base64'), this.expiries[i]]);
    return { lastId: this.lastId, entries };
  }

  /** Takes a snapshot made by another node's buffer: same ids, same frames, same next id. */
  restore(snapshot: { lastId: number; entries: Array<[number, string, number?]> }): void {
    this.ids = [];
    this.frames = [];
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

  private compact(): void {
    this.ids = this.ids.slice(this.head);
    this.frames = this.frames.slice(this.head);
    this.expiries = this.expiries.slice(this.head);
    this.head = 0;
  }
}

const EMPTY = Buffer.alloc(0);
