/** What a connection in no group answers for its groups. */
const NO_GROUPS: ReadonlySet<string> = new Set();

/**
 * A connection's own list of its groups. Most connections are in none, and an empty Set of their
 * own (some 250 bytes) would wait in every one of them: it is made at the first group.
 */
export abstract class GroupMember {
  private groupSet: Set<string> | null = null;

  /** The registry changes them (addGroup, removeGroup) and keeps its index beside. */
  get groups(): ReadonlySet<string> {
    return this.groupSet ?? NO_GROUPS;
  }

  /** False when it was in the group already. */
  addGroup(group: string): boolean {
    const groups = (this.groupSet ??= new Set());
    return groups.size < groups.add(group).size;
  }

  /** False when it was not in the group. */
  removeGroup(group: string): boolean {
    return this.groupSet?.delete(group) ?? false;
  }
}
