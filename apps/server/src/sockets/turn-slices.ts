/** How long one event-loop turn may spend on a list of deferred socket work. */
export const TURN_SLICE_MS = 10;

/**
 * Work on many sockets, run after the current turn (setImmediate) for at most TURN_SLICE_MS per
 * turn; the rest waits for the next turn, after timers and I/O have been served. Each item may be
 * a system call into the TCP stack (a writev, a close) costing tens of microseconds: a broadcast
 * that reaches thousands of sockets, or finds thousands stalled, must not hold the loop for all of
 * them at once. Items run in the order they were added; one added while the list runs joins it.
 */
export class TurnSlices<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly run: (item: T) => void,
    private readonly sliceMs = TURN_SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length === 1) setImmediate(this.runSlice);
  }

  private readonly runSlice = (): void => {
    const until = this.now() + this.sliceMs;
    let done = 0;
    while (done < this.items.length) {
      this.run(this.items[done++]);
      if (this.now() > until) break;
    }
    this.items.splice(0, done);
    if (this.items.length > 0) setImmediate(this.runSlice);
  };
}
