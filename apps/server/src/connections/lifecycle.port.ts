import type { MessagePayload } from '@switchboard/protocol';

/**
 * What the gateways tell the app about a connection's life (spec/upstream-events.md). The
 * upstream feature implements it with CloudEvents to the hub's event handlers; gateways call
 * only this port.
 */
export interface ConnectRequest {
  hubKey: string;
  hubName: string;
  connectionId: string;
  userId: string | null;
  roles: readonly string[];
  groups: readonly string[];
  /** The offered `Sec-WebSocket-Protocol` values, in order. */
  subprotocols: readonly string[];
  /** Every claim of the client token (§4: `sub`, `role`, `aud`, `iat`, `exp` and custom ones). */
  claims: Record<string, unknown>;
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
}

export type ConnectDecision =
  | {
      accept: true;
      userId?: string | null;
      roles?: string[];
      groups?: string[];
      subprotocol?: string;
      /** The initial `ce-connectionState` (§3), to be kept with the connection; absent: none. */
      connectionState?: string | null;
    }
  | { accept: false; status: number; message: string };

export interface ConnectionInfo {
  hubKey: string;
  hubName: string;
  connectionId: string;
  userId: string | null;
  subprotocol: string | null;
  /** Opaque state last set by a handler (§3 "Connection state"), sent with every later event. */
  connectionState?: string | null;
}

export interface UserEventRequest extends ConnectionInfo {
  event: string;
  payload: MessagePayload;
}

export type UserEventOutcome =
  /** No event handler of the hub takes this event. */
  | { kind: 'unhandled' }
  /**
   * The handler answered 2xx; a non-empty body goes back to the client. `connectionState`, when
   * present, replaces the connection's state (null clears it); absent leaves it as it was.
   */
  | { kind: 'handled'; response?: MessagePayload; connectionState?: string | null }
  /** The handler failed; the connection is told why. */
  | { kind: 'failed'; message: string };

export abstract class ConnectionLifecycle {
  abstract connect(request: ConnectRequest): Promise<ConnectDecision>;
  abstract connected(connection: ConnectionInfo): void;
  abstract disconnected(connection: ConnectionInfo, reason: string | null): void;
  abstract userEvent(request: UserEventRequest): Promise<UserEventOutcome>;
}
