import type { TraceEvent } from '@switchboard/protocol';
import type { TraceWatcher } from '../../observability/trace-bus';

/** Events kept between two flushes at most; past it they are counted and dropped. */
const MAX_EVENTS_PER_FLUSH = 200;

/**
 * A watcher's events between two flushes of the push channel. Bounded: a busy hub fills it and
 * the rest is dropped and counted, so the message path never waits for a dashboard.
 */
export class TraceBuffer implements TraceWatcher {
  private events: TraceEvent[] = [];
  private dropped = 0;

  constructor(private readonly capacity = MAX_EVENTS_PER_FLUSH) {}

  offer(event: TraceEvent): void {
    if (this.events.length < this.capacity) this.events.push(event);
    else this.dropped++;
  }

  /** Counts as dropped what the channel could not send (its socket is backed up). */
  discard(): void {
    this.dropped += this.events.length;
    this.events = [];
  }

  take(): { events: TraceEvent[]; dropped: number } | null {
    if (this.events.length === 0 && this.dropped === 0) return null;
    const batch = { events: this.events, dropped: this.dropped };
    this.events = [];
    this.dropped = 0;
    return batch;
  }
}
