import type { Socket } from 'node:net';

/** Queues whose sockets gather this turn's frames; all are released together once the turn ends. */
const corked: OutboundQueue[] = [];

function uncorkAll(): void {
  for (const queue of corked.splice(0)) queue.uncork();
}

/**
 * What a connection has to send while its TCP socket is not draining. Frames wait here, as
 * references to the shared fan-out bytes, and go to the socket as one buffer when it drains. So
 * a stalled socket holds at most a few chunks, never one per message: cutting off a slow consumer
 * with megabytes owed is dropping one array, not freeing thousands of write requests.
 */
export class OutboundQueue {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private waiting = false;
  private corked = false;
  /** A slow consumer being cut: nothing more is written to it (frame-writes.ts). */
  cut = false;

  constructor(
    private readonly wire: Socket,
    /** Bytes owed (ours plus the socket's) past which the connection is a slow consumer. */
    private readonly budget: number,
  ) {}

  /** Queues or writes `frame`; false when the budget would be exceeded (nothing is queued then). */
  write(frame: Buffer): boolean {
    if (this.pending.length === 0 && !this.wire.writableNeedDrain) {
      // Frames written in one event-loop turn leave together, one system call (writev) per socket
      // rather than one per message: a fan-out of several messages costs a socket one write.
      if (!this.corked) {
        this.corked = true;
        this.wire.cork();
        corked.push(this);
        if (corked.length === 1) setImmediate(uncorkAll);
      }
      this.wire.write(frame);
      return true;
    }
    if (this.pendingBytes + this.wire.writableLength + frame.length > this.budget) return false;
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    if (!this.waiting) {
      this.waiting = true;
      this.wire.once('drain', this.flush);
    }
    return true;
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    if (!this.wire.destroyed) this.wire.uncork();
  }

  /** Before a close frame goes out: whatever waits goes first, so the order on the wire holds. */
  flushNow(): void {
    if (this.pending.length === 0) return;
    this.wire.removeListener('drain', this.flush);
    this.waiting = false;
    this.wire.write(this.take());
  }

  /** A slow consumer is cut: what it never read is dropped. */
  discard(): void {
    this.wire.removeListener('drain', this.flush);
    this.waiting = false;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private readonly flush = (): void => {
    this.waiting = false;
    if (this.pending.length === 0 || this.wire.destroyed) return;
    // If this write fills the socket again, the next frames queue behind it and wait for the
    // next drain (write() sees writableNeedDrain).
    this.wire.write(this.take());
  };

  private take(): Buffer {
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return data;
  }
}
