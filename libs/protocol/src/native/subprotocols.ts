/**
 * WebSocket subprotocol selection for the native endpoint (spec/client-protocols.md §1,
 * "Subprotocol selection").
 */
export const JSON_SUBPROTOCOL = 'json.webpubsub.azure.v1';
export const JSON_RELIABLE_SUBPROTOCOL = 'json.reliable.webpubsub.azure.v1';
/** Binary frames, one protobuf message each (client-protocols-2026.md §6). */
export const PROTOBUF_SUBPROTOCOL = 'protobuf.webpubsub.azure.v1';
export const PROTOBUF_RELIABLE_SUBPROTOCOL = 'protobuf.reliable.webpubsub.azure.v1';

export const PREDEFINED_SUBPROTOCOLS: readonly string[] = [
  JSON_SUBPROTOCOL,
  JSON_RELIABLE_SUBPROTOCOL,
  PROTOBUF_SUBPROTOCOL,
  PROTOBUF_RELIABLE_SUBPROTOCOL,
];

/** How Switchboard talks to a native connection: raw frames (§3), a JSON (§4, §7) or a protobuf subprotocol. */
export type NativeProtocol = 'simple' | 'json' | 'jsonReliable' | 'protobuf' | 'protobufReliable';

const SUPPORTED: ReadonlyMap<string, NativeProtocol> = new Map([
  [JSON_SUBPROTOCOL, 'json'],
  [JSON_RELIABLE_SUBPROTOCOL, 'jsonReliable'],
  [PROTOBUF_SUBPROTOCOL, 'protobuf'],
  [PROTOBUF_RELIABLE_SUBPROTOCOL, 'protobufReliable'],
]);

export type SubprotocolChoice =
  | {
      ok: true;
      protocol: NativeProtocol;
      /** Value for `Sec-WebSocket-Protocol` in the 101 response; absent ⇒ send no header. */
      subprotocol?: string;
    }
  | {
      ok: false;
      /** `unsupported`: only later-wave protocols were offered (or chosen by the handler);
       *  `notOffered`: the `connect` handler chose a name the client did not offer. */
      reason: 'unsupported' | 'notOffered';
      message: string;
    };

export function isReliableProtocol(protocol: NativeProtocol): boolean {
  return protocol === 'jsonReliable' || protocol === 'protobufReliable';
}

/**
 * @param offered the client's `Sec-WebSocket-Protocol` values, in the order offered
 * @param handlerChoice `subprotocol` from the `connect` handler response, if any
 *   (upstream-events.md §4: absent, `null` or empty ⇒ the usual rules)
 */
export function chooseSubprotocol(offered: readonly string[], handlerChoice?: string | null): SubprotocolChoice {
  const names = offered.map((name) => name.trim()).filter((name) => name.length > 0);

  // Rule 1: the handler's choice, which must be one the client offered (RFC 6455 §4.2.2).
  if (handlerChoice !== undefined && handlerChoice !== null && handlerChoice.trim() !== '') {
    const chosen = handlerChoice.trim();
    if (!names.includes(chosen)) {
      return {
        ok: false,
        reason: 'notOffered',
        message: `the connect handler chose subprotocol '${chosen}', which the client did not offer`,
      };
    }
    return choose(chosen);
  }

  // Rule 2: the first predefined name offered. Later-wave names are skipped while another
  // offered name can still be served.
  const predefined = names.find((name) => SUPPORTED.has(name));
  if (predefined !== undefined) return choose(predefined);

  // Rule 3 (unconfirmed, spec recommendation): echo the first custom name; the connection is a
  // simple client. Echoing matters: Node's `ws` aborts when it offered a name and got none.
  const custom = names.find((name) => !PREDEFINED_SUBPROTOCOLS.includes(name));
  if (custom !== undefined) return { ok: true, protocol: 'simple', subprotocol: custom };

  // Only later-wave protocols offered: serving them as raw frames would garble the session.
  if (names.length > 0) return unsupported(names[0]);

  // Rule 4: nothing offered ⇒ simple client, no header.
  return { ok: true, protocol: 'simple' };
}

function choose(name: string): SubprotocolChoice {
  const protocol = SUPPORTED.get(name);
  if (protocol !== undefined) return { ok: true, protocol, subprotocol: name };
  if (PREDEFINED_SUBPROTOCOLS.includes(name)) return unsupported(name);
  return { ok: true, protocol: 'simple', subprotocol: name };
}

function unsupported(name: string): SubprotocolChoice {
  return { ok: false, reason: 'unsupported', message: `subprotocol '${name}' is not supported yet` };
}
