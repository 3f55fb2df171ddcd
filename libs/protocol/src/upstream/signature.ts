/**
 * `ce-signature` (spec/upstream-events.md §3): for each access key, primary first,
 * `sha256=` + hex(HMAC-SHA256(key = UTF-8 of the key string, message = UTF-8 of the connection
 * id)), joined by `,`. MQTT connections sign their client id, which is their connection id (§8).
 * The .NET SDK compares case-insensitively; lower-case hex is the spec's choice (Azure's case is
 * unconfirmed).
 */

/** Injected by the server (node:crypto), so this library stays free of Node APIs. */
export type HmacSha256Hex = (key: string, data: string) => string;

export const SIGNATURE_PREFIX = 'sha256=';

/**
 * @param accessKeys primary first, then secondary; absent or empty keys are skipped
 */
export function connectionSignature(
  connectionId: string,
  accessKeys: ReadonlyArray<string | null | undefined>,
  hmacSha256Hex: HmacSha256Hex,
): string {
  let signature = '';
  for (const key of accessKeys) {
    if (key === null || key === undefined || key === '') continue;
    if (signature !== '') signature += ',';
    signature += SIGNATURE_PREFIX + hmacSha256Hex(key, connectionId).toLowerCase();
  }
  return signature;
}
