import type { JsonText, MessagePayload, MqttOrigin, MqttSend, Send } from '@switchboard/protocol';
import { bytesFromJson, bytesToJson } from '../../messaging/bytes-json';

/**
 * One message on the Redis bus: a type byte, the header's length, a JSON header, then a body.
 * A Send's payload travels as its own bytes in the body, so a binary message is never base64'd
 * and a text one is never escaped twice.
 */
export type Envelope =
  | { type: 'send'; origin: string; send: Send }
  | { type: 'request'; origin: string; id: number; request: unknown }
  | { type: 'answer'; origin: string; id: number; answer: unknown }
  | { type: 'config'; origin: string; change: unknown }
  | { type: 'heartbeat'; origin: string; node: unknown }
  | { type: 'leave'; origin: string };

const TYPE_BYTES = { send: 0x53, request: 0x51, answer: 0x41, config: 0x43, heartbeat: 0x48, leave: 0x4c } as const;
const TYPES = new Map<number, Envelope['type']>(Object.entries(TYPE_BYTES).map(([type, byte]) => [byte, type as Envelope['type']]));
const HEADER_AT = 5;

interface SendHeader {
  o: string;
  h: string;
  t: Send['target'];
  f: Send['from'];
  d: MessagePayload['dataType'];
  x?: readonly string[];
  q?: string;
  e?: number;
  /** A group stream's fragment or terminal frame. */
  s?: Send['stream'];
  /** Which node serves each MQTT share. */
  n?: Send['shareNodes'];
  /** What an MQTT receiver needs beyond the payload (mqtt-send.ts), bytes as `{$b: base64}`. */
  m?: unknown;
}

export function encodeEnvelope(envelope: Envelope): Buffer {
  if (envelope.type === 'send') {
    const { send } = envelope;
    const header: SendHeader = { o: envelope.origin, h: send.hub, t: send.target, f: send.from, d: send.payload.dataType };
    if (send.excluded?.length) header.x = send.excluded;
    if (send.filter !== undefined) header.q = send.filter;
    if (send.expiresAt !== undefined) header.e = send.expiresAt;
    if (send.stream !== undefined) header.s = send.stream;
    if (send.shareNodes !== undefined) header.n = send.shareNodes;
    const mqtt = (send as MqttSend).mqtt;
    if (mqtt) header.m = bytesToJson(mqtt);
    const { payload } = send;
    const body =
      payload.dataType === 'binary' || payload.dataType === 'protobuf'
        ? Buffer.from(payload.data.buffer, payload.data.byteOffset, payload.data.byteLength)
        : Buffer.from(payload.data, 'utf8');
    return frame(TYPE_BYTES.send, header, body);
  }
  const { type, ...header } = envelope;
  return frame(TYPE_BYTES[type], header, null);
}

/** Throws on bytes that are not an envelope: the bus is ours, so that is a bug or a foreign writer. */
export function decodeEnvelope(bytes: Buffer): Envelope {
  const type = TYPES.get(bytes[0]);
  if (type === undefined || bytes.length < HEADER_AT) throw new Error('not a Switchboard bus message');
  const headerEnd = HEADER_AT + bytes.readUInt32BE(1);
  const header = JSON.parse(bytes.toString('utf8', HEADER_AT, headerEnd)) as Record<string, unknown>;
  if (type !== 'send') return { type, ...header } as Envelope;
  const h = header as unknown as SendHeader;
  const body = bytes.subarray(headerEnd);
  const payload: MessagePayload =
    h.d === 'binary' || h.d === 'protobuf'
      ? { dataType: h.d, data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }
      : h.d === 'json'
        ? { dataType: 'json', data: body.toString('utf8') as JsonText }
        : { dataType: 'text', data: body.toString('utf8') };
  const send: Send = { hub: h.h, target: h.t, from: h.f, payload };
  if (h.x) send.excluded = h.x;
  if (h.q !== undefined) send.filter = h.q;
  if (h.e !== undefined) send.expiresAt = h.e;
  if (h.s !== undefined) send.stream = h.s;
  if (h.n !== undefined) send.shareNodes = h.n;
  if (h.m !== undefined) (send as MqttSend).mqtt = bytesFromJson(h.m) as MqttOrigin;
  return { type, origin: h.o, send };
}

function frame(type: number, header: object, body: Buffer | null): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.allocUnsafe(HEADER_AT + json.length + (body?.length ?? 0));
  out[0] = type;
  out.writeUInt32BE(json.length, 1);
  json.copy(out, HEADER_AT);
  body?.copy(out, HEADER_AT + json.length);
  return out;
}
