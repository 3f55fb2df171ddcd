/**
 * The data of a message or user event, in the form every protocol can use without Node's Buffer
 * (spec/client-protocols.md §4.1 `dataType` / `data`).
 */
import type { JsonText } from './json-text';

/**
 * `protobuf` is a later-wave data type (client-protocols.md §4.1); over the JSON subprotocols it
 * travels exactly like `binary` (base64), which is how `@azure/web-pubsub-client` sends it, so it
 * is carried through rather than refused. MQTT maps it to binary until the later wave (mqtt.md §4).
 */
export type DataType = 'json' | 'text' | 'binary' | 'protobuf';

export const DATA_TYPES: readonly DataType[] = ['json', 'text', 'binary', 'protobuf'];

export type MessagePayload =
  | { dataType: 'json'; data: JsonText }
  | { dataType: 'text'; data: string }
  | { dataType: 'binary'; data: Uint8Array }
  | { dataType: 'protobuf'; data: Uint8Array };
