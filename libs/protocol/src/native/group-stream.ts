/**
 * Group streams (spec/client-protocols-2026.md §2): one publisher connection sends ordered
 * fragments to a group; members see them as group messages carrying a `stream` object, and the
 * publisher hears back `streamAck`, `streamNack` and `streamClosed`.
 */

/** Why a stream ended abnormally, as members see it on the terminal frame (§2.3). */
export type StreamEndErrorName = 'UserError' | 'IdleTimeout' | 'InternalServerError' | 'Forbidden' | 'Cancelled';

export interface StreamError {
  name: StreamEndErrorName;
  message?: string;
  /** Only with `UserError`: the publisher's own code. */
  userErrorCode?: string;
}

/** The `stream` object of a member's group message (§2.3). */
export interface StreamInfo {
  streamId: string;
  /** The fragment's id; on the terminal frame, the next expected id. */
  streamSequenceId: number;
  /** Only on the terminal frame, which carries no payload. */
  endOfStream?: true;
  error?: StreamError;
}

/** Names `streamClosed` carries to the publisher (§2.2). */
export type StreamClosedErrorName = 'StreamNotFound' | 'Forbidden' | 'BadRequest' | 'InternalServerError' | 'IdleTimeout';

/** What the service answers a publisher about one of its streams (§2.2). */
export type StreamReply =
  | { kind: 'streamAck'; streamId: string; expectedSequenceId: number }
  | { kind: 'streamNack'; streamId: string; expectedSequenceId: number; name: 'InvalidSequenceId' | 'TransientError'; message?: string }
  | { kind: 'streamClosed'; streamId: string; error?: { name: StreamClosedErrorName; message: string } };

/** `idleTimeoutMs` when the publisher gives none (§2.1). */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
