import { PermissionSet, compileRoles } from './permission-set';

describe('permission set', () => {
  describe('roles (client-protocols.md §6)', () => {
    it('grants only events without roles', () => {
      const permissions = compileRoles([]);
      expect(permissions.canJoinLeave('g1')).toBe(false);
      expect(permissions.canSendTo('g1')).toBe(false);
    });

    it('webpubsub.joinLeaveGroup allows joining any group, not sending', () => {
      const permissions = compileRoles(['webpubsub.joinLeaveGroup']);
      expect(permissions.canJoinLeave('anything.at.all')).toBe(true);
      expect(permissions.canSendTo('g1')).toBe(false);
    });

    it('webpubsub.sendToGroup allows sending to any group, not joining', () => {
      const permissions = compileRoles(['webpubsub.sendToGroup']);
      expect(permissions.canSendTo('g1')).toBe(true);
      expect(permissions.canJoinLeave('g1')).toBe(false);
    });

    it('a group role allows that exact group only', () => {
      const permissions = compileRoles(['webpubsub.joinLeaveGroup.g1', 'webpubsub.sendToGroup.a.b']);
      expect(permissions.canJoinLeave('g1')).toBe(true);
      expect(permissions.canJoinLeave('g2')).toBe(false);
      expect(permissions.canJoinLeave('G1')).toBe(false);
      expect(permissions.canSendTo('a.b')).toBe(true);
      expect(permissions.canSendTo('a')).toBe(false);
    });

    it('a pattern role allows the groups it matches', () => {
      const permissions = compileRoles(['webpubsub.sendToGroups.clientA.**', 'webpubsub.joinLeaveGroups.public.*']);
      expect(permissions.canSendTo('clientA.alpha.room1')).toBe(true);
      expect(permissions.canSendTo('clientB.alpha')).toBe(false);
      expect(permissions.canJoinLeave('public.lobby')).toBe(true);
      expect(permissions.canJoinLeave('public.lobby.x')).toBe(false);
      expect(permissions.canJoinLeave('clientA.alpha')).toBe(false);
    });

    it('an invalid pattern role grants nothing but is still held', () => {
      const permissions = compileRoles(['webpubsub.sendToGroups.a.**.**.**']);
      expect(permissions.canSendTo('a.b')).toBe(false);
      expect(permissions.roles).toEqual(['webpubsub.sendToGroups.a.**.**.**']);
    });

    it('keeps roles that grant no group permission', () => {
      const permissions = compileRoles(['admin', 'webpubsub.sendToGroup.g1', 'admin']);
      expect(permissions.roles).toEqual(['admin', 'webpubsub.sendToGroup.g1']);
    });

    it('adds the connect handler roles to the token roles', () => {
      const permissions = compileRoles(['webpubsub.joinLeaveGroup.g1']);
      permissions.addRoles(['webpubsub.sendToGroup.lobby']);
      expect(permissions.canJoinLeave('g1')).toBe(true);
      expect(permissions.canSendTo('lobby')).toBe(true);
    });

    it('checks by permission name', () => {
      const permissions = new PermissionSet(['webpubsub.sendToGroup.g1']);
      expect(permissions.can('sendToGroup', 'g1')).toBe(true);
      expect(permissions.can('joinLeaveGroup', 'g1')).toBe(false);
    });
  });

  describe('grant (rest-api.md §4.1)', () => {
    it('with a target grants that group', () => {
      const permissions = compileRoles([]);
      expect(permissions.grant('sendToGroup', 'g1')).toBe(true);
      expect(permissions.canSendTo('g1')).toBe(true);
      expect(permissions.canSendTo('g2')).toBe(false);
      expect(permissions.roles).toEqual(['webpubsub.sendToGroup.g1']);
    });

    it('without a target grants every group', () => {
      const permissions = compileRoles([]);
      permissions.grant('joinLeaveGroup');
      expect(permissions.canJoinLeave('any')).toBe(true);
      expect(permissions.roles).toEqual(['webpubsub.joinLeaveGroup']);
    });

    it('reports a grant already held', () => {
      const permissions = compileRoles(['webpubsub.sendToGroup.g1']);
      expect(permissions.grant('sendToGroup', 'g1')).toBe(false);
    });

    it('takes a target with wildcard characters literally', () => {
      const permissions = compileRoles([]);
      permissions.grant('sendToGroup', 'chat-*');
      expect(permissions.canSendTo('chat-*')).toBe(true);
      expect(permissions.canSendTo('chat-1')).toBe(false);
    });
  });

  describe('revoke', () => {
    it('removes the exact grant', () => {
      const permissions = compileRoles(['webpubsub.sendToGroup.g1']);
      expect(permissions.revoke('sendToGroup', 'g1')).toBe(true);
      expect(permissions.canSendTo('g1')).toBe(false);
      expect(permissions.roles).toEqual([]);
    });

    it('leaves the hub-wide role in place when a group grant is revoked', () => {
      const permissions = compileRoles(['webpubsub.sendToGroup', 'webpubsub.sendToGroup.g1']);
      permissions.revoke('sendToGroup', 'g1');
      expect(permissions.canSendTo('g1')).toBe(true);
    });

    it('leaves group grants in place when the hub-wide grant is revoked', () => {
      const permissions = compileRoles(['webpubsub.joinLeaveGroup', 'webpubsub.joinLeaveGroup.g1']);
      permissions.revoke('joinLeaveGroup');
      expect(permissions.canJoinLeave('g1')).toBe(true);
      expect(permissions.canJoinLeave('g2')).toBe(false);
    });

    it('leaves pattern roles in place', () => {
      const permissions = compileRoles(['webpubsub.sendToGroups.chat-*']);
      expect(permissions.revoke('sendToGroup', 'chat-1')).toBe(false);
      expect(permissions.canSendTo('chat-1')).toBe(true);
    });

    it('does not touch the other permission', () => {
      const permissions = compileRoles(['webpubsub.sendToGroup.g1', 'webpubsub.joinLeaveGroup.g1']);
      permissions.revoke('sendToGroup', 'g1');
      expect(permissions.canJoinLeave('g1')).toBe(true);
    });

    it('reports a grant that was not held', () => {
      expect(compileRoles([]).revoke('sendToGroup')).toBe(false);
    });
  });

  describe('has', () => {
    const permissions = compileRoles([
      'webpubsub.joinLeaveGroup',
      'webpubsub.sendToGroup.g1',
      'webpubsub.sendToGroups.room-*',
    ]);

    it('with a target is true by any route', () => {
      expect(permissions.has('joinLeaveGroup', 'x')).toBe(true);
      expect(permissions.has('sendToGroup', 'g1')).toBe(true);
      expect(permissions.has('sendToGroup', 'room-7')).toBe(true);
      expect(permissions.has('sendToGroup', 'g2')).toBe(false);
    });

    it('without a target is true only for the hub-wide grant', () => {
      expect(permissions.has('joinLeaveGroup')).toBe(true);
      expect(permissions.has('sendToGroup')).toBe(false);
    });
  });
});
