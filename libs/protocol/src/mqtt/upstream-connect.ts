/**
 * The MQTT parts of the `connect` / `disconnected` upstream events and how a `connect` handler's
 * answer becomes a CONNACK (spec/upstream-events.md §8.1, §8.3).
 */
import { encodeBase64 } from '../native/base64';
import type { UserProperty } from './application-message';
import type { MqttProtocolVersion } from './protocol-version';
import { ConnackReturnCode as C, ReasonCode as R, isConnackRefusalReasonCode, isConnackRefusalReturnCode } from './reason-codes';

/** The `mqtt` member of the `connect` event body (upstream-events.md §8.1). */
export interface ConnectEventMqtt {
  protocolVersion: MqttProtocolVersion;
  cleanStart: boolean;
  username: string | null;
  /** base64 of the CONNECT password bytes. */
  password: string | null;
  userProperties: UserProperty[] | null;
}

export function connectEventMqtt(connect: {
  protocolVersion: MqttProtocolVersion;
  cleanStart: boolean;
  username?: string;
  password?: Uint8Array;
  userProperties?: readonly UserProperty[];
}): ConnectEventMqtt {
  return {
    protocolVersion: connect.protocolVersion,
    cleanStart: connect.cleanStart,
    username: connect.username ?? null,
    password: connect.password === undefined ? null : encodeBase64(connect.password),
    userProperties: connect.protocolVersion === 5 && connect.userProperties !== undefined ? [...connect.userProperties] : null,
  };
}

/** The `mqtt` member of the `disconnected` event body (upstream-events.md §8.3). */
export interface DisconnectedEventMqtt {
  initiatedByClient: boolean;
  disconnectPacket: { code: number; userProperties: UserProperty[] | null } | null;
}

/**
 * @param lastDisconnect the last DISCONNECT either side sent, or undefined when the network
 *   dropped without one.
 */
export function disconnectedEventMqtt(
  version: MqttProtocolVersion,
  lastDisconnect: { sentBy: 'client' | 'server'; code: number; userProperties?: readonly UserProperty[] } | undefined,
): DisconnectedEventMqtt {
  if (lastDisconnect === undefined) return { initiatedByClient: false, disconnectPacket: null };
  const byClient = lastDisconnect.sentBy === 'client';
  return {
    initiatedByClient: byClient,
    disconnectPacket: {
      // A 3.1.1 DISCONNECT has no reason code: always 0.
      code: version === 5 ? lastDisconnect.code : 0,
      // User properties are reported only from a client's DISCONNECT.
      userProperties: byClient && version === 5 && lastDisconnect.userProperties !== undefined ? [...lastDisconnect.userProperties] : null,
    },
  };
}

/**
 * CONNACK code for a failed `connect` response without an `mqtt.code`: the status table of
 * upstream-events.md §8.1, which is also what the express SDK's `fail(code)` produces.
 * A timeout counts as 500.
 */
export function connackCodeForUpstreamStatus(status: number, version: MqttProtocolVersion): number {
  switch (status) {
    case 400:
      return version === 5 ? R.BadUserNameOrPassword : C.BadUserNameOrPassword;
    case 401:
    case 403: // 403 → Not authorized is unconfirmed; 0x8A Banned is also plausible.
      return version === 5 ? R.NotAuthorized : C.NotAuthorized;
    default:
      return version === 5 ? R.UnspecifiedError : C.ServerUnavailable;
  }
}

/**
 * The handler's `mqtt.code` is used as it is whatever HTTP status carried it; a code a CONNACK of
 * that version cannot carry becomes 0x80 / 3 (upstream-events.md §8.1, 3.1.1 unconfirmed).
 */
export function connackCodeForUpstreamMqttCode(code: number, version: MqttProtocolVersion): number {
  if (version === 5) return isConnackRefusalReasonCode(code) ? code : R.UnspecifiedError;
  return isConnackRefusalReturnCode(code) ? code : C.ServerUnavailable;
}

/** What to put in the CONNACK that refuses the connection. */
export interface UpstreamConnectRejection {
  code: number;
  /** 5.0 only. */
  reasonString?: string;
  /** 5.0 only. */
  userProperties?: UserProperty[];
}

/**
 * @param body the parsed JSON body of the failure response, or undefined when it had none or was
 *   not JSON.
 */
export function upstreamConnectRejection(status: number, body: unknown, version: MqttProtocolVersion): UpstreamConnectRejection {
  const mqtt = isRecord(body) && isRecord(body.mqtt) ? body.mqtt : undefined;
  const code =
    mqtt !== undefined && typeof mqtt.code === 'number'
      ? connackCodeForUpstreamMqttCode(mqtt.code, version)
      : connackCodeForUpstreamStatus(status, version);
  const rejection: UpstreamConnectRejection = { code };
  if (version === 5 && mqtt !== undefined) {
    if (typeof mqtt.reason === 'string') rejection.reasonString = mqtt.reason;
    const userProperties = readUserProperties(mqtt.userProperties);
    if (userProperties !== undefined) rejection.userProperties = userProperties;
  }
  return rejection;
}

/**
 * `mqtt.userProperties` of a successful `connect` response, for the v5 CONNACK
 * (upstream-events.md §8.1). Entries that are not `{name, value}` strings are skipped.
 */
export function readUserProperties(value: unknown): UserProperty[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const properties: UserProperty[] = [];
  for (const item of value) {
    if (isRecord(item) && typeof item.name === 'string' && typeof item.value === 'string') {
      properties.push({ name: item.name, value: item.value });
    }
  }
  return properties;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
