/**
 * Plain data with bytes in it, through JSON: bytes become `{$b: base64}` and come back as Buffers.
 * The Redis bus carries MQTT origins this way; the retained store keeps publish properties so.
 */

/** Turns bytes into `{$b: base64}` in `value`, at any depth. */
export function bytesToJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, replaceBytes));
}

/** The reverse of bytesToJson. */
export function bytesFromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bytesFromJson);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$b === 'string' && Object.keys(object).length === 1) return Buffer.from(object.$b, 'base64');
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, bytesFromJson(inner)]));
}

function replaceBytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  // Buffer's own toJSON runs before the replacer sees it.
  const buffer = value as { type?: unknown; data?: unknown };
  if (buffer && buffer.type === 'Buffer' && Array.isArray(buffer.data)) return { $b: Buffer.from(buffer.data as number[]).toString('base64') };
  return value;
}
