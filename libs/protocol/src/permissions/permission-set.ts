/**
 * A connection's group permissions, compiled once from its roles (spec/client-protocols.md §6).
 * Every source is additive — token `role` claims, `roles` of the `connect` handler response,
 * REST grants — and each check asks "does any route grant this?" (rest-api.md §4.1).
 */
import { compileGroupPattern, type GroupPattern } from './group-pattern';
import { parseRole, roleFor, type GroupPermission } from './roles';

/** Past this many roles (REST grants add up), lookups go through a set. */
const ROLE_INDEX_AFTER = 32;

/**
 * Everything that grants one permission. Every connection holds two of these, most of them empty
 * for good, so the collections are made on first use (idle connections are counted in thousands).
 */
class PermissionRoutes {
  allGroups = false;
  groups: Set<string> | null = null;
  /** Keyed by the pattern source; patterns that do not compile are never stored. */
  patterns: Map<string, GroupPattern> | null = null;

  /** Every group whose name starts with `prefix`: hub-wide, or a pattern that covers them all. */
  allowsEvery(prefix: string): boolean {
    if (this.allGroups) return true;
    if (this.patterns === null) return false;
    for (const pattern of this.patterns.values()) {
      if (pattern.coversPrefix(prefix)) return true;
    }
    return false;
  }

  allows(group: string): boolean {
    if (this.allGroups || this.groups?.has(group)) return true;
    if (this.patterns === null) return false;
    for (const pattern of this.patterns.values()) {
      if (pattern.matches(group)) return true;
    }
    return false;
  }
}

export class PermissionSet {
  /** Roles in the order first received: usually a few, so a list, indexed once it grows. */
  private readonly roleList: string[] = [];
  private roleIndex: Set<string> | null = null;
  private readonly routes: Record<GroupPermission, PermissionRoutes> = {
    joinLeaveGroup: new PermissionRoutes(),
    sendToGroup: new PermissionRoutes(),
  };

  constructor(roles: Iterable<string> = []) {
    this.addRoles(roles);
  }

  /**
   * Every role the connection holds, in the order first received, including roles that grant no
   * group permission (they are kept so the connection can report what it was given).
   */
  get roles(): readonly string[] {
    return [...this.roleList];
  }

  /** Adds roles, e.g. those of the `connect` handler response (upstream-events.md §4). */
  addRoles(roles: Iterable<string>): void {
    for (const role of roles) this.addRole(role);
  }

  /** joinGroup / leaveGroup (client-protocols.md §4.3). */
  canJoinLeave(group: string): boolean {
    return this.routes.joinLeaveGroup.allows(group);
  }

  /**
   * An MQTT wildcard subscription joins no group but reaches every group its filter matches, so it
   * needs the right to join all groups that start with its literal prefix.
   */
  canJoinLeaveEvery(prefix: string): boolean {
    return this.routes.joinLeaveGroup.allowsEvery(prefix);
  }

  /** sendToGroup; membership is not required (client-protocols.md §4.3). */
  canSendTo(group: string): boolean {
    return this.routes.sendToGroup.allows(group);
  }

  can(permission: GroupPermission, group: string): boolean {
    return this.routes[permission].allows(group);
  }

  /**
   * REST grant. Without `targetName` it grants every group (the spec's recommendation for the
   * unconfirmed no-target case). Returns false when the exact grant was already held.
   */
  grant(permission: GroupPermission, targetName?: string): boolean {
    return this.addRole(roleFor(permission, targetName));
  }

  /**
   * REST revoke. Removes only the exact grant (client-protocols.md §6 recommendation): revoking
   * `g1` leaves a hub-wide or pattern role in place, and revoking hub-wide leaves exact-group
   * grants in place. The grant is removed whatever its source (token, connect response, REST).
   * Returns false when the exact grant was not held.
   */
  revoke(permission: GroupPermission, targetName?: string): boolean {
    const role = roleFor(permission, targetName);
    if (!this.holds(role)) return false;
    this.roleList.splice(this.roleList.indexOf(role), 1);
    this.roleIndex?.delete(role);
    const routes = this.routes[permission];
    if (targetName === undefined) routes.allGroups = false;
    else routes.groups?.delete(targetName);
    return true;
  }

  /**
   * REST hasPermission (rest-api.md §4.1). With `targetName`: granted for that group by any route
   * (hub-wide, exact, pattern). Without: the hub-wide grant is held — the same meaning a grant
   * without target has.
   */
  has(permission: GroupPermission, targetName?: string): boolean {
    const routes = this.routes[permission];
    return targetName === undefined ? routes.allGroups : routes.allows(targetName);
  }

  private holds(role: string): boolean {
    return this.roleIndex ? this.roleIndex.has(role) : this.roleList.includes(role);
  }

  private addRole(role: string): boolean {
    if (this.holds(role)) return false;
    this.roleList.push(role);
    if (this.roleIndex) this.roleIndex.add(role);
    else if (this.roleList.length > ROLE_INDEX_AFTER) this.roleIndex = new Set(this.roleList);
    const parsed = parseRole(role);
    if (parsed === undefined) return true;
    const routes = this.routes[parsed.permission];
    switch (parsed.kind) {
      case 'allGroups':
        routes.allGroups = true;
        break;
      case 'group':
        (routes.groups ??= new Set()).add(parsed.group);
        break;
      case 'pattern': {
        // An invalid pattern grants nothing; the role string is still kept in `roles`.
        const compiled = compileGroupPattern(parsed.pattern);
        if (compiled.ok) (routes.patterns ??= new Map()).set(parsed.pattern, compiled.pattern);
        break;
      }
    }
    return true;
  }
}

/** Compiles a connection's roles once, at connect time. */
export function compileRoles(roles: Iterable<string>): PermissionSet {
  return new PermissionSet(roles);
}
