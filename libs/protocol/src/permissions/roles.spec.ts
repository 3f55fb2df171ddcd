import { isGroupPermission, parseRole, roleFor } from './roles';

describe('permission roles', () => {
  it.each([
    ['webpubsub.joinLeaveGroup', { kind: 'allGroups', permission: 'joinLeaveGroup' }],
    ['webpubsub.sendToGroup', { kind: 'allGroups', permission: 'sendToGroup' }],
    ['webpubsub.joinLeaveGroup.g1', { kind: 'group', permission: 'joinLeaveGroup', group: 'g1' }],
    ['webpubsub.sendToGroup.g1', { kind: 'group', permission: 'sendToGroup', group: 'g1' }],
    ['webpubsub.joinLeaveGroups.chat-*', { kind: 'pattern', permission: 'joinLeaveGroup', pattern: 'chat-*' }],
    ['webpubsub.sendToGroups.clientA.**', { kind: 'pattern', permission: 'sendToGroup', pattern: 'clientA.**' }],
  ])('reads %s', (role, expected) => {
    expect(parseRole(role)).toEqual(expected);
  });

  it('takes everything after the second dot as the group name, dots included', () => {
    expect(parseRole('webpubsub.sendToGroup.a.b.c')).toEqual({ kind: 'group', permission: 'sendToGroup', group: 'a.b.c' });
  });

  it('keeps wildcard characters of the singular form literal', () => {
    expect(parseRole('webpubsub.sendToGroup.chat-*')).toEqual({ kind: 'group', permission: 'sendToGroup', group: 'chat-*' });
  });

  it.each([
    'admin',
    'webpubsub',
    'webpubsub.sendToGroups',
    'webpubsub.joinLeaveGroups',
    'webpubsub.sendToGroupX',
    'WebPubSub.sendToGroup',
    'webpubsub.SendToGroup',
  ])('grants nothing for %j', (role) => {
    expect(parseRole(role)).toBeUndefined();
  });

  it('names the role a REST grant stands for', () => {
    expect(roleFor('sendToGroup')).toBe('webpubsub.sendToGroup');
    expect(roleFor('joinLeaveGroup', 'g.1')).toBe('webpubsub.joinLeaveGroup.g.1');
  });

  it('knows the two REST permission names', () => {
    expect(isGroupPermission('joinLeaveGroup')).toBe(true);
    expect(isGroupPermission('sendToGroup')).toBe(true);
    expect(isGroupPermission('sendToGroups')).toBe(false);
    expect(isGroupPermission(undefined)).toBe(false);
  });
});
