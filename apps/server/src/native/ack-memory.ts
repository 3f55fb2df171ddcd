/**
 * ackIds a connection has already had executed (spec/client-protocols.md §5): a repeat is
 * answered `Duplicate`, not run again. Bounded: the oldest are forgotten past the limit.
 */
export class AckMemory {
  /** Made at the first ackId: most connections never send one. */
  private seen: Set<number> | null = null;

  constructor(private readonly limit = 10_000) {}

  has(ackId: number): boolean {
    return this.seen?.has(ackId) ?? false;
  }

  remember(ackId: number): void {
    this.seen ??= new Set();
    this.seen.add(ackId);
    if (this.seen.size > this.limit) {
      // Sets iterate in insertion order: the first is the oldest.
      this.seen.delete(this.seen.values().next().value as number);
    }
  }
}
