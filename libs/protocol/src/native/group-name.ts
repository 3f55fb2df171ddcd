/**
 * Group names: 1–1024 characters, not only whitespace (spec/README.md overview,
 * client-protocols.md §4.1, rest-api.md §3). Length counts UTF-16 code units. Names are
 * case-sensitive and otherwise opaque: dots, slashes and wildcard characters are ordinary.
 */
export const MAX_GROUP_NAME_LENGTH = 1024;

/** Why a group name is refused, or null when it is valid. */
export function groupNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'group name must be a string';
  if (name.length === 0) return 'group name must not be empty';
  if (name.length > MAX_GROUP_NAME_LENGTH) return `group name must be at most ${MAX_GROUP_NAME_LENGTH} characters`;
  if (name.trim().length === 0) return 'group name must not be only whitespace';
  return null;
}

export function isValidGroupName(name: unknown): name is string {
  return groupNameProblem(name) === null;
}
