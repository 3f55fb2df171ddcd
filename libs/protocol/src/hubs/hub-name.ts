/**
 * Azure Web PubSub hub names (spec/client-protocols.md §1, rest-api.md §3).
 * The SDKs compare hub names case-insensitively, so every store and registry keys hubs by
 * `hubKey(name)` while replies keep the case the caller used.
 */
export const HUB_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_`,.[\]]{0,127}$/;

export function isValidHubName(name: unknown): name is string {
  return typeof name === 'string' && HUB_NAME_PATTERN.test(name);
}

/** Why a hub name is refused, or null when it is valid. Phrased for an HTTP 400 body. */
export function hubNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'hub name is required';
  if (name.length > 128) return 'hub name must be at most 128 characters';
  if (!/^[A-Za-z]/.test(name)) return 'hub name must start with a letter';
  if (!HUB_NAME_PATTERN.test(name)) {
    return 'hub name may contain only letters, digits and the characters _ ` , . [ ]';
  }
  return null;
}

export function hubKey(name: string): string {
  return name.toLowerCase();
}
