/**
 * The reliable protocol's unacknowledged messages (spec/client-protocols.md §7.3-§7.4): every
 * message frame is kept, with its sequence id, until a cumulative `sequenceAck` covers it, so a
 * recovering client gets each one again in order. Bounded in count and bytes.
 */
export class ReplayBuffer {
  private ids: number[] = [];
  private frames: Buffer[] = [];
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
  push(sequenceId: number, frame: Buffer): boolean {
    if (this.size >= this.maxMessages || this.bytes + frame.length > this.maxBytes) return false;
    this.ids.push(sequenceId);
    this.frames.push(frame);
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

  /** Frames not yet acknowledged, oldest first. */
  *unacknowledged(): Iterable<Buffer> {
    for (let i = this.head; i < this.frames.length; i++) yield this.frames[i];
  }

  /** Plain data for a session that moves to another node. */
  snapshot(): { lastId: number; entries: Array<[number, string]> } {
    const entries: Array<[number, string]> = [];
    for (let i = this.head; i < this.ids.length; i++) entries.push([this.ids[i], this.frames[i].toString('base64')]);
    return { lastId: this.lastId, entries };
  }

  /** Takes a snapshot made by another node's buffer: same ids, same frames, same next id. */
  restore(snapshot: { lastId: number; entries: Array<[number, string]> }): void {
    this.ids = [];
    this.frames = [];
    this.head = 0;
    this.bytes = 0;
    for (const [id, frame] of snapshot.entries) this.push(id, Buffer.from(frame, 'base64'));
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
    this.head = 0;
  }
}

const EMPTY = Buffer.alloc(0);
