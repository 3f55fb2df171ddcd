/**
 * Deadlines of many connections (keep-alive checks) on one timer. An item waits in the slot of
 * its deadline and is handed to `onDue` once that slot's time has passed: never early, at most one
 * slot late. A connection then costs an entry in a Set instead of a Timeout object and its
 * closure, and arming one is an insert. The timer runs only while something waits.
 */
export class DeadlineWheel<T> {
  private readonly slots = new Map<number, Set<T>>();
  /** Slots up to this one have been handed out. */
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onDue: (item: T, now: number) => void,
    private readonly slotMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Hands `item` to onDue once `at` (epoch ms) has passed. Returns its slot, for delete(). */
  add(item: T, at: number): number {
    if (!this.timer) {
      if (this.slots.size === 0) this.cursor = Math.floor(this.clock() / this.slotMs);
      this.timer = setInterval(() => this.runDue(), this.slotMs);
      this.timer.unref();
    }
    const slot = Math.max(Math.ceil(at / this.slotMs), this.cursor + 1);
    let items = this.slots.get(slot);
    if (!items) this.slots.set(slot, (items = new Set()));
    items.add(item);
    return slot;
  }

  delete(item: T, slot: number): void {
    const items = this.slots.get(slot);
    if (!items) return;
    items.delete(item);
    if (items.size === 0) this.slots.delete(slot);
  }

  get size(): number {
    let size = 0;
    for (const items of this.slots.values()) size += items.size;
    return size;
  }

  /** What the timer runs; `now` for tests. An item added by onDue waits for a later slot. */
  runDue(now = this.clock()): void {
    const last = Math.floor(now / this.slotMs);
    if (last > this.cursor) {
      // Slot by slot after a normal tick; after a long gap, only the slots that hold something.
      const dueSlots =
        last - this.cursor <= this.slots.size
          ? Array.from({ length: last - this.cursor }, (_, i) => this.cursor + 1 + i)
          : [...this.slots.keys()].filter((slot) => slot <= last).sort((a, b) => a - b);
      this.cursor = last;
      for (const slot of dueSlots) {
        const due = this.slots.get(slot);
        if (!due) continue;
        this.slots.delete(slot);
        for (const item of due) this.onDue(item, now);
      }
    }
    if (this.slots.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
