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
  subprotocols: readonly string[];
  claims: Record<string, unknown>;
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
}

export type ConnectDecision =
  | { accept: true; userId?: string | null; roles?: string[]; groups?: string[]; subprotocol?: string }
  | { accept: false; status: number; message: string };

export interface ConnectionInfo {
  hubKey: string;
  hubName: string;
  connectionId: string;
  userId: string | null;
  subprotocol: string | null;
}

export interface UserEventRequest extends ConnectionInfo {
  event: string;
  payload: MessagePayload;
}

export type UserEventOutcome =
  /** No event handler of the hub takes this event. */
  | { kind: 'unhandled' }
  /** The handler answered 2xx; a non-empty body goes back to the client. */
  | { kind: 'handled'; response?: MessagePayload }
  /** The handler failed; the connection is told why. */
  | { kind: 'failed'; message: string };

export abstract class ConnectionLifecycle {
  abstract connect(request: ConnectRequest): Promise<ConnectDecision>;
  abstract connected(connection: ConnectionInfo): void;
  abstract disconnected(connection: ConnectionInfo, reason: string | null): void;
  abstract userEvent(request: UserEventRequest): Promise<UserEventOutcome>;
}
