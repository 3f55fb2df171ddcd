/**
 * The body of a successful `connect` response (spec/upstream-events.md §4, MQTT §8.1):
 * `{ userId, groups, roles, subprotocol, mqtt: { userProperties } }`, every field optional, `null`
 * the same as absent. An empty body (`204`, or `200` as the express SDK sends without a
 * `handleConnect`) accepts with nothing to change. Unknown fields are ignored; a known field of the
 * wrong shape makes the whole response invalid, named by its JSON path.
 */
import type { UserProperty } from '../mqtt/application-message';
import { decodeUtf8 } from '../mqtt/content-type';
import { groupNameProblem } from '../native/group-name';

export interface ConnectResponse {
  /** Overrides the token's `sub`. */
  userId?: string;
  /** Joined on connect, in addition to the token's `webpubsub.group`. */
  groups?: string[];
  /** Added to the token's roles (§4: union, unconfirmed). */
  roles?: string[];
  /** Must be one the client offered (native) or `mqtt` (MQTT); checked by the caller. */
  subprotocol?: string;
  /** MQTT only: user properties for the v5 CONNACK. */
  mqtt?: { userProperties?: UserProperty[] };
}

export interface ConnectResponseError {
  /** JSON path of the bad field (`groups[2]`, `mqtt.userProperties[0].name`), or `(body)`. */
  field: string;
  message: string;
}

export type ConnectResponseRead = { ok: true; value: ConnectResponse } | { ok: false; error: ConnectResponseError };

export const WHOLE_BODY = '(body)';

/**
 * @param options.mqtt read the `mqtt` member (MQTT connections); native connections ignore it
 */
export function parseConnectResponse(body: Uint8Array | string, options: { mqtt: boolean }): ConnectResponseRead {
  const decoded = typeof body === 'string' ? body : decodeUtf8(body);
  if (decoded === undefined) return invalid(WHOLE_BODY, 'the connect response body is not UTF-8');
  const text = decoded.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(WHOLE_BODY, 'the connect response body is not JSON');
  }
  if (parsed === null) return { ok: true, value: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return invalid(WHOLE_BODY, 'the connect response body must be a JSON object');
  }
  return readConnectResponse(parsed as Record<string, unknown>, options);
}

function readConnectResponse(json: Record<string, unknown>, options: { mqtt: boolean }): ConnectResponseRead {
  const value: ConnectResponse = {};

  if (!isAbsent(json.userId)) {
    if (typeof json.userId !== 'string') return invalid('userId', 'userId must be a string');
    // A userId has at least one character (rest-api.md §1); an empty one overrides nothing.
    if (json.userId !== '') value.userId = json.userId;
  }

  if (!isAbsent(json.groups)) {
    if (!Array.isArray(json.groups)) return invalid('groups', 'groups must be an array of group names');
    for (let i = 0; i < json.groups.length; i++) {
      const problem = groupNameProblem(json.groups[i]);
      if (problem !== null) return invalid(`groups[${i}]`, `groups[${i}]: ${problem}`);
    }
    value.groups = json.groups as string[];
  }

  if (!isAbsent(json.roles)) {
    if (!Array.isArray(json.roles)) return invalid('roles', 'roles must be an array of strings');
    const bad = json.roles.findIndex((role) => typeof role !== 'string');
    if (bad >= 0) return invalid(`roles[${bad}]`, `roles[${bad}] must be a string`);
    value.roles = json.roles as string[];
  }

  // One Azure sample spells it `subProtocol` (§4); the documented spelling wins when both are set.
  const subprotocolField = !isAbsent(json.subprotocol) ? 'subprotocol' : 'subProtocol';
  const subprotocol = json[subprotocolField];
  if (!isAbsent(subprotocol)) {
    if (typeof subprotocol !== 'string') return invalid(subprotocolField, `${subprotocolField} must be a string`);
    // Never an empty Sec-WebSocket-Protocol: empty means "not chosen" (§4).
    if (subprotocol.trim() !== '') value.subprotocol = subprotocol.trim();
  }

  if (options.mqtt && !isAbsent(json.mqtt)) {
    if (typeof json.mqtt !== 'object' || Array.isArray(json.mqtt)) return invalid('mqtt', 'mqtt must be an object');
    const userProperties = (json.mqtt as Record<string, unknown>).userProperties;
    if (!isAbsent(userProperties)) {
      const read = readUserProperties(userProperties, 'mqtt.userProperties');
      if (!read.ok) return invalid(read.field, read.message);
      value.mqtt = { userProperties: read.value };
    }
  }

  return { ok: true, value };
}

/** Strict, unlike the CONNACK rejection's reading: a success must be exactly what it says. */
function readUserProperties(value: unknown, field: string): { ok: true; value: UserProperty[] } | { ok: false; field: string; message: string } {
  if (!Array.isArray(value)) return { ok: false, field, message: `${field} must be an array` };
  const properties: UserProperty[] = [];
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    const at = `${field}[${i}]`;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      return { ok: false, field: at, message: `${at} must be an object with name and value` };
    }
    const { name, value: propertyValue } = element as { name?: unknown; value?: unknown };
    if (typeof name !== 'string') return { ok: false, field: `${at}.name`, message: `${at}.name must be a string` };
    if (typeof propertyValue !== 'string') return { ok: false, field: `${at}.value`, message: `${at}.value must be a string` };
    properties.push({ name, value: propertyValue });
  }
  return { ok: true, value: properties };
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function invalid(field: string, message: string): ConnectResponseRead {
  return { ok: false, error: { field, message } };
}
