import type { Socket } from 'node:net';
import { TurnSlices } from './turn-slices';

/**
 * Queues with frames to hand to their socket once the current turn ends, a time slice at a time:
 * those whose socket drained apart from those corked this turn, so a reader that drains never
 * waits behind thousands of corked sockets (a queue is never in both: see write()).
 */
const corkedQueues = new TurnSlices<OutboundQueue>((queue) => queue.release());
const drainedQueues = new TurnSlices<OutboundQueue>((queue) => queue.release());

/**
 * What a connection has to send while its TCP socket is not draining. Frames wait here, as
 * references to the shared fan-out bytes, and go to the socket as one buffer when it drains. So
 * a stalled socket holds at most a few chunks, never one per message: cutting off a slow consumer
 * with megabytes owed is dropping one array, not freeing thousands of write requests.
 *
 * Nothing reaches the socket inside the fan-out or the drain event that produced it: frames of a
 * turn gather on a corked socket, and frames that waited for a drain stay here, until the queue's
 * turn comes. Thousands of sockets draining at once (they all filled at once) are then written a
 * slice of the loop at a time, not in one poll phase.
 */
export class OutboundQueue {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** A 'drain' listener is set: `pending` waits for it. */
  private waiting = false;
  private corked = false;
  /** In corkedQueues or drainedQueues: release() will run. */
  private scheduled = false;
  /** A slow consumer being cut: nothing more is written to it (frame-writes.ts). */
  cut = false;

  constructor(
    private readonly wire: Socket,
    /** Bytes owed (ours plus the socket's) past which the connection is a slow consumer. */
    private readonly budget: number,
  ) {}

  /** Queues or writes `frame`; false when the budget would be exceeded (nothing is queued then). */
  write(frame: Buffer): boolean {
    if (this.corked) {
      // Corked frames leave at release() whatever the socket's buffer holds, so they keep
      // gathering there rather than wait for a 'drain' as well.
      if (this.wire.writableLength + frame.length > this.budget) return false;
      this.wire.write(frame);
      return true;
    }
    if (this.pending.length === 0 && !this.wire.writableNeedDrain) {
      // Frames written in one event-loop turn leave together, one system call (writev) per socket
      // rather than one per message: a fan-out of several messages costs a socket one write.
      this.corked = true;
      this.wire.cork();
      this.schedule(corkedQueues);
      this.wire.write(frame);
      return true;
    }
    if (this.pendingBytes + this.wire.writableLength + frame.length > this.budget) return false;
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    // Once drained and waiting for its turn, no second drain is coming: release() writes these.
    if (!this.scheduled) this.awaitDrain();
    return true;
  }

  /** Its turn has come: the corked frames leave, or those that waited for the drain. */
  release(): void {
    this.scheduled = false;
    if (this.wire.destroyed) return;
    if (this.corked) {
      this.corked = false;
      this.wire.uncork();
    }
    if (this.pending.length === 0) return;
    if (this.wire.writableNeedDrain) {
      this.awaitDrain();
      return;
    }
    this.writePending();
  }

  /** Before a close frame goes out: whatever waits goes first, so the order on the wire holds. */
  flushNow(): void {
    if (this.pending.length > 0) this.writePending();
  }

  /** A slow consumer is cut: what it never read is dropped. */
  discard(): void {
    this.stopWaiting();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private schedule(list: TurnSlices<OutboundQueue>): void {
    if (this.scheduled) return;
    this.scheduled = true;
    list.add(this);
  }

  private awaitDrain(): void {
    if (this.waiting) return;
    this.waiting = true;
    this.wire.once('drain', this.drained);
  }

  private stopWaiting(): void {
    this.wire.removeListener('drain', this.drained);
    this.waiting = false;
  }

  private readonly drained = (): void => {
    this.waiting = false;
    if (this.pending.length > 0) this.schedule(drainedQueues);
  };

  /**
   * Everything that waits, as one buffer. If it fills the socket again, the next frames queue
   * behind it and wait for the next drain (write() sees writableNeedDrain).
   */
  private writePending(): void {
    this.stopWaiting();
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.wire.write(data);
  }
}
