import type { DisconnectedEventMqtt, InvokeOutcome, MessagePayload, MqttProtocolVersion, UserEventResponse, UserProperty } from '@switchboard/protocol';

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
  /** MQTT connections: what CONNECT said, for the event's `mqtt` member (upstream-events.md §8.1). */
  mqtt?: MqttConnectInfo;
}

export interface MqttConnectInfo {
  /** This network connection's id (`ce-physicalConnectionId`); a session may have several in turn. */
  physicalConnectionId: string;
  protocolVersion: MqttProtocolVersion;
  cleanStart: boolean;
  username?: string;
  password?: Uint8Array;
  userProperties?: readonly UserProperty[];
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
      /** MQTT: user properties for the v5 CONNACK. */
      mqttUserProperties?: UserProperty[];
    }
  | {
      accept: false;
      status: number;
      message: string;
      /** MQTT: the CONNACK the handler's answer maps to (its `mqtt.code`, or the status table). */
      connack?: { code: number; reasonString?: string; userProperties?: UserProperty[] };
    };

export interface ConnectionInfo {
  hubKey: string;
  hubName: string;
  connectionId: string;
  userId: string | null;
  subprotocol: string | null;
  /** Opaque state last set by a handler (§3 "Connection state"), sent with every later event. */
  connectionState?: string | null;
  /** MQTT sessions: `ce-physicalConnectionId` and `ce-sessionId` (upstream-events.md §8). */
  mqtt?: { physicalConnectionId: string; sessionId: string };
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

/** An `invoke` frame (client-protocols-2026.md §1): a user event whose answer goes back as `invokeResponse`. */
export interface InvokeRequest extends ConnectionInfo {
  event: string;
  invocationId: string;
  /** Absent when the caller gave no payload. */
  payload?: MessagePayload;
}

/** An MQTT PUBLISH to `$webpubsub/server/events/{event}` (upstream-events.md §8.4). */
export interface MqttUserEventRequest extends ConnectionInfo {
  event: string;
  contentType: string;
  body: Uint8Array;
  /** `mqtt-{name}` headers carrying the PUBLISH's user properties. */
  headers: ReadonlyArray<readonly [string, string]>;
}

export type MqttUserEventOutcome =
  | { kind: 'unhandled' }
  /** Whatever the handler answered, success or not: it goes back on `/succeeded` or `/failed`. */
  | { kind: 'answered'; response: UserEventResponse };

export abstract class ConnectionLifecycle {
  abstract connect(request: ConnectRequest): Promise<ConnectDecision>;
  abstract connected(connection: ConnectionInfo): void;
  /** `mqtt`: how an MQTT session's network connection ended (upstream-events.md §8.3). */
  abstract disconnected(connection: ConnectionInfo, reason: string | null, mqtt?: DisconnectedEventMqtt): void;
  abstract userEvent(request: UserEventRequest): Promise<UserEventOutcome>;
  abstract mqttUserEvent(request: MqttUserEventRequest): Promise<MqttUserEventOutcome>;
  /** Always settles with an answer for the caller; `signal` aborts the upstream call (cancelInvocation). */
  abstract invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeOutcome>;
}
