import {
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  type AckError,
  type JsonText,
  type MessagePayload,
  type PermissionSet,
  type Send,
  type StreamClosedErrorName,
  type StreamDataFrame,
  type StreamEndFrame,
  type StreamError,
  type StreamReply,
  type StreamStartFrame,
} from '@switchboard/protocol';

export interface StreamLimits {
  /** Streams one connection may have open at once. */
  perConnection: number;
  /** Largest `idleTimeoutMs` a start may ask for. */
  maxIdleTimeoutMs: number;
  /** How long a normally closed stream's id is remembered, so that a replayed `streamEnd` is not an error (§2.4 rule 9). */
  closedMemoryMs: number;
}

/** What a connection's streams need of it: who it is, what it may do, and a way to answer it. */
export interface StreamPublisher {
  readonly connectionId: string;
  readonly hubKey: string;
  readonly userId: string | null;
  readonly permissions: PermissionSet;
  /** `streamAck`, `streamNack`, `streamClosed`, in order with the connection's other frames. */
  reply(reply: StreamReply): void;
  /** Hands a fragment or terminal frame to the one path of a message. */
  publish(send: Send): void;
}

/** A stream as plain data: what moves with a reliable session to another node. */
export interface StreamSnapshot {
  streamId: string;
  group: string;
  noEcho: boolean;
  idleTimeoutMs: number;
  expected: number;
  dataType: MessagePayload['dataType'] | null;
}

export interface PublisherStreamsSnapshot {
  active: StreamSnapshot[];
  /** Ids closed normally, with the time their memory ends. */
  closed: Array<[string, number]>;
}

interface ActiveStream extends StreamSnapshot {
  timer: NodeJS.Timeout;
}

/** Closed ids remembered per connection at most; the oldest are forgotten first. */
const CLOSED_MEMORY_ENTRIES = 256;

/**
 * The group streams one connection publishes (spec/client-protocols-2026.md §2.4). Fragments are
 * accepted strictly in order and each goes out as an ordinary group Send carrying its `stream`
 * object, so the cluster port carries streams to members on every node with nothing of its own.
 * Acks are gathered and sent once per event-loop turn: the SDK keeps every unacked fragment, so
 * they must come soon, but one per fragment would double the publisher's traffic.
 */
export class PublisherStreams {
  private readonly active = new Map<string, ActiveStream>();
  private readonly closed = new Map<string, number>();
  private readonly ackOwed = new Set<ActiveStream>();
  private flush: NodeJS.Immediate | null = null;

  constructor(
    private readonly publisher: StreamPublisher,
    private readonly limits: StreamLimits,
  ) {}

  get size(): number {
    return this.active.size;
  }

  /** A start gets exactly one answer: `streamAck` 1, or `streamClosed` with the reason (rules 1-3). */
  start(frame: StreamStartFrame): void {
    const { streamId, group } = frame;
    const refuse = (name: StreamClosedErrorName, message: string) => this.publisher.reply({ kind: 'streamClosed', streamId, error: { name, message } });
    if (this.active.has(streamId)) return refuse('BadRequest', `Stream '${streamId}' is already open on this connection.`);
    if (!this.publisher.permissions.canSendTo(group)) return refuse('Forbidden', `The connection has no permission to send to group '${group}'.`);
    const idleTimeoutMs = frame.idleTimeoutMs ?? Math.min(DEFAULT_STREAM_IDLE_TIMEOUT_MS, this.limits.maxIdleTimeoutMs);
    if (idleTimeoutMs > this.limits.maxIdleTimeoutMs) return refuse('BadRequest', `'idleTimeoutMs' may be at most ${this.limits.maxIdleTimeoutMs}.`);
    if (this.active.size >= this.limits.perConnection) return refuse('BadRequest', `At most ${this.limits.perConnection} streams may be open on one connection.`);
    this.closed.delete(streamId);
    this.open({ streamId, group, noEcho: frame.noEcho, idleTimeoutMs, expected: 1, dataType: null });
    this.publisher.reply({ kind: 'streamAck', streamId, expectedSequenceId: 1 });
  }

  /** Fragments and keepalives (rule 4): in order they are published, a replay is acked again, a gap is nacked. */
  data(frame: StreamDataFrame): void {
    const stream = this.active.get(frame.streamId);
    if (!stream) return this.notFound(frame.streamId);
    stream.timer.refresh();
    const fragment = frame.fragment;
    if (!fragment) return;
    if (!this.publisher.permissions.canSendTo(stream.group)) {
      const message = `The connection has no permission to send to group '${stream.group}' any more.`;
      return this.finish(stream, { name: 'Forbidden', message }, { name: 'Forbidden', message });
    }
    if (fragment.streamSequenceId > stream.expected) {
      this.ackOwed.delete(stream);
      this.publisher.reply({
        kind: 'streamNack',
        streamId: stream.streamId,
        expectedSequenceId: stream.expected,
        name: 'InvalidSequenceId',
        message: `expected ${stream.expected}, got ${fragment.streamSequenceId}`,
      });
      return;
    }
    if (fragment.streamSequenceId === stream.expected) {
      this.publishFragment(stream, fragment.payload);
      stream.dataType = fragment.payload.dataType;
      stream.expected++;
    }
    this.oweAck(stream);
  }

  /** The publisher's end (rule 6): the terminal frame to the group, then `streamClosed` without error. */
  end(frame: StreamEndFrame): void {
    const stream = this.active.get(frame.streamId);
    if (!stream) {
      // A reliable publisher replays the end it sent just before its socket dropped (rule 9).
      const until = this.closed.get(frame.streamId);
      if (until !== undefined && until > Date.now()) return this.publisher.reply({ kind: 'streamClosed', streamId: frame.streamId });
      return this.notFound(frame.streamId);
    }
    this.sendOwedAck(stream);
    const error: StreamError | undefined = frame.error
      ? { name: 'UserError', ...(frame.error.message !== undefined ? { message: frame.error.message } : {}), ...(frame.error.userErrorCode !== undefined ? { userErrorCode: frame.error.userErrorCode } : {}) }
      : undefined;
    this.finish(stream, error, null);
    this.rememberClosed(stream.streamId);
    this.publisher.reply({ kind: 'streamClosed', streamId: stream.streamId });
  }

  /**
   * A stream frame the decoder refused: a start is answered alone (a live stream of that id runs
   * on); a bad fragment or end closes its stream, since resending it could never succeed.
   */
  refused(streamId: string, start: boolean, error: AckError): void {
    const stream = this.active.get(streamId);
    if (start || !stream) return this.publisher.reply({ kind: 'streamClosed', streamId, error: { name: start ? 'BadRequest' : 'StreamNotFound', message: error.message } });
    this.finish(stream, { name: 'Cancelled', message: `The publisher sent an invalid frame: ${error.message}` }, { name: 'BadRequest', message: error.message });
  }

  /** The publisher's session ended for good (rule 8): members learn every stream was cancelled. */
  cancelAll(): void {
    for (const stream of [...this.active.values()]) this.finish(stream, { name: 'Cancelled', message: 'The publishing connection ended.' }, null);
    this.closed.clear();
    if (this.flush) clearImmediate(this.flush);
    this.flush = null;
  }

  /** Hands the streams to another node with the session; here they stop without a word. */
  snapshot(): PublisherStreamsSnapshot {
    const active = [...this.active.values()].map(({ timer, ...state }) => {
      clearTimeout(timer);
      return state;
    });
    this.active.clear();
    this.ackOwed.clear();
    return { active, closed: [...this.closed] };
  }

  restore(snapshot: PublisherStreamsSnapshot): void {
    for (const state of snapshot.active) this.open(state);
    for (const [streamId, until] of snapshot.closed) this.closed.set(streamId, until);
  }

  private open(state: StreamSnapshot): void {
    const stream = state as ActiveStream;
    stream.timer = setTimeout(() => {
      const message = `no activity for ${stream.idleTimeoutMs} ms`;
      this.finish(stream, { name: 'IdleTimeout', message }, { name: 'IdleTimeout', message });
    }, stream.idleTimeoutMs);
    stream.timer.unref();
    this.active.set(stream.streamId, stream);
  }

  private publishFragment(stream: ActiveStream, payload: MessagePayload): void {
    this.publisher.publish(this.send(stream, payload, { streamId: stream.streamId, streamSequenceId: stream.expected }));
  }

  /** Ends a stream: the terminal frame to the group and, on a service-side error, `streamClosed` to the publisher. */
  private finish(stream: ActiveStream, error: StreamError | undefined, publisherError: { name: StreamClosedErrorName; message: string } | null): void {
    clearTimeout(stream.timer);
    this.active.delete(stream.streamId);
    this.ackOwed.delete(stream);
    const terminal = this.send(stream, emptyPayload(stream.dataType), {
      streamId: stream.streamId,
      streamSequenceId: stream.expected,
      endOfStream: true,
      ...(error ? { error } : {}),
    });
    this.publisher.publish(terminal);
    if (publisherError) this.publisher.reply({ kind: 'streamClosed', streamId: stream.streamId, error: publisherError });
  }

  private send(stream: ActiveStream, payload: MessagePayload, info: NonNullable<Send['stream']>): Send {
    const { connectionId, hubKey, userId } = this.publisher;
    const send: Send = { hub: hubKey, target: { kind: 'group', group: stream.group }, payload, from: { kind: 'connection', connectionId, userId }, stream: info };
    if (stream.noEcho) send.excluded = [connectionId];
    return send;
  }

  private notFound(streamId: string): void {
    this.publisher.reply({ kind: 'streamClosed', streamId, error: { name: 'StreamNotFound', message: `Stream '${streamId}' is not open on this connection.` } });
  }

  private oweAck(stream: ActiveStream): void {
    this.ackOwed.add(stream);
    this.flush ??= setImmediate(() => {
      this.flush = null;
      for (const owed of [...this.ackOwed]) this.sendOwedAck(owed);
    });
  }

  private sendOwedAck(stream: ActiveStream): void {
    if (!this.ackOwed.delete(stream)) return;
    this.publisher.reply({ kind: 'streamAck', streamId: stream.streamId, expectedSequenceId: stream.expected });
  }

  private rememberClosed(streamId: string): void {
    this.closed.set(streamId, Date.now() + this.limits.closedMemoryMs);
    if (this.closed.size > CLOSED_MEMORY_ENTRIES) this.closed.delete(this.closed.keys().next().value as string);
  }
}

/** The terminal frame names the stream's data type with no value; binary when nothing was sent (§2.3). */
function emptyPayload(dataType: MessagePayload['dataType'] | null): MessagePayload {
  switch (dataType) {
    case 'json':
      // Never parsed: the encoders write a terminal json frame without `data`.
      return { dataType: 'json', data: '' as JsonText };
    case 'text':
      return { dataType: 'text', data: '' };
    case 'protobuf':
      return { dataType: 'protobuf', data: new Uint8Array(0) };
    default:
      return { dataType: 'binary', data: new Uint8Array(0) };
  }
}
