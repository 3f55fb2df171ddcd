export { GROUP_PERMISSIONS, isGroupPermission, parseRole, roleFor } from './roles';
export type { GroupPermission, ParsedRole } from './roles';
export { MAX_PATTERN_STARS, compileGroupPattern } from './group-pattern';
export type { GroupPattern, GroupPatternResult } from './group-pattern';
export { PermissionSet, compileRoles } from './permission-set';
