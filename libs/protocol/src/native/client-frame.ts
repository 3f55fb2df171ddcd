/** Requests a JSON-subprotocol client sends (spec/client-protocols.md §4.1, §7). */
import type { MessagePayload } from './message-payload';

/**
 * `ackId` present ⇒ an `ack` is owed (§5). It is a JS number: the spec allows uint64, but
 * ackIds beyond 2^53 could not be told apart, so the decoder refuses them.
 */
export interface JoinGroupFrame {
  type: 'joinGroup';
  group: string;
  ackId?: number;
}

export interface LeaveGroupFrame {
  type: 'leaveGroup';
  group: string;
  ackId?: number;
}

export interface SendToGroupFrame {
  type: 'sendToGroup';
  group: string;
  ackId?: number;
  /** true ⇒ not delivered back to the sending connection (MQTT subscribers and others still get it). */
  noEcho: boolean;
  payload: MessagePayload;
}

export interface EventFrame {
  type: 'event';
  /** Becomes `ce-type: azure.webpubsub.user.{event}` (upstream-events.md §6). */
  event: string;
  ackId?: number;
  payload: MessagePayload;
}

/**
 * A request to the event handler that expects an answer (client-protocols-2026.md §1): answered
 * by one `invokeResponse` with the same id, whatever happens.
 */
export interface InvokeFrame {
  type: 'invoke';
  invocationId: string;
  event: string;
  /** Absent when the caller gave no payload. */
  payload?: MessagePayload;
}

/** The client gave up on an invocation: the upstream call is aborted, nothing is answered. */
export interface CancelInvocationFrame {
  type: 'cancelInvocation';
  invocationId: string;
}

/**
 * A `sendToGroup` carrying a `stream` object opens a group stream (client-protocols-2026.md §2.1):
 * nothing reaches the group yet, the publisher is answered `streamAck` 1 or `streamClosed`.
 */
export interface StreamStartFrame {
  type: 'streamStart';
  group: string;
  streamId: string;
  noEcho: boolean;
  /** Absent: the service's default. */
  idleTimeoutMs?: number;
}

/** One fragment of a stream, or, with no fragment, a keepalive that only refreshes its idle timer. */
export interface StreamDataFrame {
  type: 'streamData';
  streamId: string;
  fragment?: { streamSequenceId: number; payload: MessagePayload };
}

/** The publisher ends its stream, normally or with its own error (§2.1). */
export interface StreamEndFrame {
  type: 'streamEnd';
  streamId: string;
  error?: { message?: string; userErrorCode?: string };
}

/** Reliable protocol only (§7); a non-reliable connection should ignore it. */
export interface SequenceAckFrame {
  type: 'sequenceAck';
  sequenceId: number;
}

/** Must be answered with `{"type":"pong"}` (§4.1). */
export interface PingFrame {
  type: 'ping';
}

/**
 * A request type Switchboard does not handle: ignored for forward compatibility (§4,
 * unconfirmed). `laterWave` marks the names the spec reserves (invoke and friends).
 */
export interface IgnoredFrame {
  type: 'ignored';
  originalType: string;
  laterWave: boolean;
}

export type ClientFrame =
  | JoinGroupFrame
  | LeaveGroupFrame
  | SendToGroupFrame
  | EventFrame
  | InvokeFrame
  | CancelInvocationFrame
  | StreamStartFrame
  | StreamDataFrame
  | StreamEndFrame
  | SequenceAckFrame
  | PingFrame
  | IgnoredFrame;

export const LATER_WAVE_REQUEST_TYPES: readonly string[] = ['invokeResponse'];
