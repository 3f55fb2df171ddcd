/**
 * The body of the `connect` event (spec/upstream-events.md §4, MQTT §8.1). Every value of
 * `claims`, `query` and `headers` is an array of strings; `subprotocols` and `clientCertificates`
 * are empty arrays when there are none. MQTT connections add the `mqtt` object, built by the MQTT
 * mapping (`connectEventMqtt` in mqtt/upstream-connect.ts).
 */
import type { ConnectEventMqtt } from '../mqtt/upstream-connect';

export interface ClientCertificate {
  thumbprint: string;
  /** PEM text. */
  content: string;
}

export interface ConnectEventBody {
  mqtt?: ConnectEventMqtt;
  claims: Record<string, string[]>;
  query: Record<string, string[]>;
  headers: Record<string, string[]>;
  subprotocols: string[];
  clientCertificates: ClientCertificate[];
}

export interface ConnectEventInput {
  /** The client token's claims as decoded (`AccessTokenClaims`); empty for anonymous clients. */
  claims: Readonly<Record<string, unknown>>;
  /** The upgrade request's query parameters, every value kept (`groupQuery`). */
  query: Readonly<Record<string, readonly string[]>>;
  /** The upgrade request's headers with the client's spelling (`groupRawHeaders`). */
  headers: Readonly<Record<string, readonly string[]>>;
  /** The offered `Sec-WebSocket-Protocol` values, in order. */
  subprotocols: readonly string[];
  /** mTLS client certificates, only when Switchboard terminates TLS itself. */
  clientCertificates?: readonly ClientCertificate[];
}

export function connectEventBody(input: ConnectEventInput, mqtt?: ConnectEventMqtt): ConnectEventBody {
  const body: ConnectEventBody = {
    claims: connectEventClaims(input.claims),
    query: copyLists(input.query),
    headers: copyLists(input.headers),
    subprotocols: [...input.subprotocols],
    clientCertificates: (input.clientCertificates ?? []).map(({ thumbprint, content }) => ({ thumbprint, content })),
  };
  // `mqtt` first, as in Azure's sample; key order means nothing to JSON readers.
  return mqtt === undefined ? body : { mqtt, ...body };
}

/**
 * Every claim of the token as an array of strings: numbers and booleans rendered as text, arrays
 * element by element, objects as JSON; null claims left out. Which standard claims Azure includes
 * is unconfirmed (§4); all of them are passed on.
 */
export function connectEventClaims(claims: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const rendered: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const texts: string[] = [];
    for (const element of values) {
      if (element === null || element === undefined) continue;
      texts.push(typeof element === 'object' ? JSON.stringify(element) : String(element));
    }
    setOwn(rendered, name, texts);
  }
  return rendered;
}

/**
 * Node's `rawHeaders` ([name, value, name, value, ...]) as `headers` wants them: the client's
 * spelling of each name (the first seen), repeated headers collected in order.
 */
export function groupRawHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i].toLowerCase();
    let name = spelling.get(lower);
    if (name === undefined) {
      name = rawHeaders[i];
      spelling.set(lower, name);
      setOwn(grouped, name, []);
    }
    grouped[name].push(rawHeaders[i + 1]);
  }
  return grouped;
}

/** Query parameters (`URLSearchParams` fits) as `query` wants them, every value kept. */
export function groupQuery(parameters: Iterable<readonly [string, string]>): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of parameters) {
    if (Object.prototype.hasOwnProperty.call(grouped, name)) grouped[name].push(value);
    else setOwn(grouped, name, [value]);
  }
  return grouped;
}

function copyLists(lists: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const copy: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(lists)) setOwn(copy, name, [...values]);
  return copy;
}

/** Plain assignment to `__proto__` would replace the prototype instead of adding a key. */
function setOwn(target: Record<string, string[]>, name: string, values: string[]): void {
  Object.defineProperty(target, name, { value: values, enumerable: true, writable: true, configurable: true });
}
