/** Retained publishes one client may have waiting for the database at once. */
const MAX_LINKS = 256;

/**
 * Lets a client's retained publishes wait for the database together instead of one by one, while
 * everything they cause (the send, the PUBACK) still happens in the order the packets came
 * (MQTT 5.0 §4.6): each retained publish is a link that completes after the one before it, and
 * any other packet that comes while links are open is handled after the last one.
 */
export class PublishOrder {
  private tail: Promise<void> | null = null;
  private links = 0;

  /** Whether a retained publish can join now rather than wait for the ones before it. */
  get open(): boolean {
    return this.links < MAX_LINKS;
  }

  get busy(): boolean {
    return this.tail !== null;
  }

  /** Runs `work` now when nothing waits, else after the last link (the gateway then waits for it). */
  next(work: () => void | Promise<void>): void | Promise<void> {
    return this.tail ? this.tail.then(work) : work();
  }

  /**
   * Adds a link: `complete` runs with `pending`'s result once every earlier link has completed.
   * A failure goes to `failed`, and the links after it still run.
   */
  link<T>(pending: Promise<T>, complete: (value: T) => void, failed: (error: unknown) => void): void {
    this.links++;
    const link: Promise<void> = (this.tail ?? Promise.resolve())
      .then(() => pending)
      .then(complete, failed)
      .finally(() => {
        this.links--;
        if (this.tail === link) this.tail = null;
      });
    this.tail = link;
  }
}
