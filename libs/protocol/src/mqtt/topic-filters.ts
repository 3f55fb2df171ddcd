/**
 * Wildcard and shared topic filters (MQTT 5.0 §4.7, §4.8.2; 3.1.1 §4.7), for hubs that enable
 * them. A filter without wildcards stays a group name (topics.ts); one with `+` or `#` is a
 * pattern over group names, and `$share/{name}/{filter}` shares either kind.
 */

export const SHARED_SUBSCRIPTION_PREFIX = '$share/';

/**
 * Why `filter` is not a well-formed wildcard filter, or null: `#` only as the whole last level,
 * `+` only as a whole level (§4.7.1).
 */
export function wildcardFilterProblem(filter: string): string | null {
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return "'#' must be the whole last level of a topic filter";
    if (level.includes('+') && level !== '+') return "'+' must be a whole level of a topic filter";
  }
  return null;
}

export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/** The filter's text before its first wildcard: every topic it matches starts with it. */
export function literalPrefix(filter: string): string {
  const plus = filter.indexOf('+');
  const hash = filter.indexOf('#');
  const first = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
  return first < 0 ? filter : filter.slice(0, first);
}

/**
 * Whether `topic` matches `filter` (§4.7): `+` one level (empty included), `#` the parent level
 * and every level below; a filter that starts with a wildcard does not match a `$` topic.
 */
export function topicMatchesFilter(topic: string, filter: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const t = topic.split('/');
  const f = filter.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return t.length === f.length;
}

export type SharedFilter = { ok: true; shareName: string; filter: string } | { ok: false; problem: string };

/** `$share/{ShareName}/{filter}` (§4.8.2): a non-empty share name without `/`, `+` or `#`, then a filter. */
export function parseSharedFilter(text: string): SharedFilter {
  const rest = text.slice(SHARED_SUBSCRIPTION_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return { ok: false, problem: 'a shared subscription is $share/{name}/{filter}' };
  const shareName = rest.slice(0, slash);
  if (shareName.includes('+') || shareName.includes('#')) return { ok: false, problem: "a share name must not contain '+' or '#'" };
  const filter = rest.slice(slash + 1);
  if (filter.length === 0) return { ok: false, problem: 'a shared subscription needs a topic filter after its name' };
  return { ok: true, shareName, filter };
}
