/**
 * ackIds a connection has already had executed (spec/client-protocols.md §5): a repeat is
 * answered `Duplicate`, not run again. Bounded: the oldest are forgotten past the limit.
 */
export class AckMemory {
  private readonly seen = new Set<number>();

  constructor(private readonly limit = 10_000) {}

  has(ackId: number): boolean {
    return this.seen.has(ackId);
  }

  remember(ackId: number): void {
    this.seen.add(ackId);
    if (this.seen.size > this.limit) {
      // Sets iterate in insertion order: the first is the oldest.
      this.seen.delete(this.seen.values().next().value as number);
    }
  }
}
