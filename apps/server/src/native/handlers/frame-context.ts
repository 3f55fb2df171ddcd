import type { AckError, PermissionSet } from '@switchboard/protocol';
import type { ConnectionInfo } from '../../connections/lifecycle.port';

/**
 * What a frame handler may know and do of the connection whose frame it handles: who it is,
 * what it may do, acks and the duplicate check, group membership, its upstream state, closing.
 */
export interface NativeFrameContext {
  readonly connectionId: string;
  readonly hubKey: string;
  readonly hubName: string;
  readonly userId: string | null;
  readonly permissions: PermissionSet;
  /** Set by the event handler's answers (upstream-events.md §3). */
  connectionState: string | null;
  info(): ConnectionInfo;
  /** Answers `ackId` (nothing when undefined): success, or the error. */
  ack(ackId: number | undefined, error?: AckError): void;
  /** A repeated ackId is not executed again (§5): answers it and returns true. */
  answeredAsDuplicate(ackId: number | undefined): boolean;
  joinGroup(group: string): void;
  leaveGroup(group: string): void;
  /** Ends the session: `disconnected` with the reason, then close 1008. */
  close(reason: string): void;
}
