/**
 * What a compiled filter is evaluated against: one connection, seen through the three identifiers
 * of spec/rest-api.md §5.
 */

export interface FilterCandidate {
  /** `null` when the connection has no user (§5: `userId eq null` is true for anonymous connections). */
  readonly userId: string | null;
  readonly connectionId: string;
  /**
   * Groups the connection is in now. Pass the connection's own Set when there is one: `in groups`
   * is then a `has` and nothing is allocated per candidate. An array is scanned, and is assumed
   * to hold no duplicates (`length(groups)` counts its entries).
   */
  readonly groups: ReadonlySet<string> | readonly string[];
}

/** A compiled filter: true only when the filter's value for the candidate is `true`. */
export type FilterPredicate = (candidate: FilterCandidate) => boolean;

export function hasGroup(groups: FilterCandidate['groups'], name: string): boolean {
  return isArray(groups) ? groups.includes(name) : groups.has(name);
}

export function groupCount(groups: FilterCandidate['groups']): number {
  return isArray(groups) ? groups.length : groups.size;
}

// Array.isArray does not narrow readonly arrays out of a union, hence the explicit guard.
function isArray(groups: FilterCandidate['groups']): groups is readonly string[] {
  return Array.isArray(groups);
}
