/**
 * Role strings that grant group permissions (spec/client-protocols.md §6). Roles are compared
 * ordinally (case-sensitive), like group names; any other role string grants nothing here but is
 * still carried by the connection.
 */

/** The two permissions the REST permission API and the roles know (rest-api.md §4.1). */
export type GroupPermission = 'joinLeaveGroup' | 'sendToGroup';

export const GROUP_PERMISSIONS: readonly GroupPermission[] = ['joinLeaveGroup', 'sendToGroup'];

export function isGroupPermission(value: unknown): value is GroupPermission {
  return value === 'joinLeaveGroup' || value === 'sendToGroup';
}

/** What one role string grants, or nothing when it is not a group-permission role. */
export type ParsedRole =
  | { kind: 'allGroups'; permission: GroupPermission }
  | { kind: 'group'; permission: GroupPermission; group: string }
  | { kind: 'pattern'; permission: GroupPermission; pattern: string };

const ROLE_PREFIX = 'webpubsub.';

// Plural forms carry a pattern (`webpubsub.sendToGroups.<pattern>`); the singular form's suffix is
// an exact group name, which "is everything after the second dot" and may itself contain dots.
const PATTERN_ROLE_PREFIXES: ReadonlyArray<readonly [string, GroupPermission]> = [
  [`${ROLE_PREFIX}joinLeaveGroups.`, 'joinLeaveGroup'],
  [`${ROLE_PREFIX}sendToGroups.`, 'sendToGroup'],
];

export function parseRole(role: string): ParsedRole | undefined {
  if (!role.startsWith(ROLE_PREFIX)) return undefined;
  for (const permission of GROUP_PERMISSIONS) {
    const hubWide = ROLE_PREFIX + permission;
    if (role === hubWide) return { kind: 'allGroups', permission };
    if (role.startsWith(`${hubWide}.`)) {
      return { kind: 'group', permission, group: role.slice(hubWide.length + 1) };
    }
  }
  for (const [prefix, permission] of PATTERN_ROLE_PREFIXES) {
    if (role.startsWith(prefix)) return { kind: 'pattern', permission, pattern: role.slice(prefix.length) };
  }
  return undefined;
}

/**
 * The role string a REST grant stands for: no target = every group (`webpubsub.sendToGroup`),
 * a target = that exact group (`webpubsub.sendToGroup.g1`). rest-api.md §4.1 leaves the
 * no-target case unconfirmed; hub-wide is what the spec recommends.
 */
export function roleFor(permission: GroupPermission, targetName?: string): string {
  const hubWide = ROLE_PREFIX + permission;
  return targetName === undefined ? hubWide : `${hubWide}.${targetName}`;
}
