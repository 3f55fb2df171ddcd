import { compileRoles } from '../permissions/permission-set';
import { decideSubscription, unsubackReasonCode, unsubscribeGroup } from './subscriptions';

const joinAll = compileRoles(['webpubsub.joinLeaveGroup']);
const noRoles = compileRoles([]);

describe('SUBSCRIBE is join group (mqtt.md §3)', () => {
  it('grants the requested QoS when permitted', () => {
    expect(decideSubscription({ topicFilter: 'sensors', qos: 2 }, joinAll, 5)).toEqual({
      kind: 'joinGroup',
      group: 'sensors',
      grantedQos: 2,
      code: 2,
    });
  });

  it.each([
    [['webpubsub.joinLeaveGroup.sensors'], 'sensors', true],
    [['webpubsub.joinLeaveGroup.sensors'], 'other', false],
    [['webpubsub.joinLeaveGroups.room.*'], 'room.1', true],
  ])('with roles %j may join %s: %s', (roles, topicFilter, allowed) => {
    const decision = decideSubscription({ topicFilter, qos: 1 }, compileRoles(roles), 5);
    expect(decision.kind).toBe(allowed ? 'joinGroup' : 'refused');
  });

  it('refuses without permission with 0x87 on 5.0 and 0x80 on 3.1.1', () => {
    expect(decideSubscription({ topicFilter: 'g', qos: 0 }, noRoles, 5)).toMatchObject({ failure: 'notAuthorized', code: 0x87 });
    expect(decideSubscription({ topicFilter: 'g', qos: 0 }, noRoles, 4)).toMatchObject({ failure: 'notAuthorized', code: 0x80 });
  });

  it('refuses a + wildcard with 0xA2 on 5.0 and 0x80 on 3.1.1, whatever the roles', () => {
    expect(decideSubscription({ topicFilter: 'a/+', qos: 1 }, joinAll, 5)).toMatchObject({ code: 0xa2 });
    expect(decideSubscription({ topicFilter: 'a/+', qos: 1 }, joinAll, 4)).toMatchObject({ code: 0x80 });
  });

  it('refuses a shared subscription with 0x9E', () => {
    expect(decideSubscription({ topicFilter: '$share/g/t', qos: 1 }, joinAll, 5)).toMatchObject({ code: 0x9e });
  });

  it('refuses an empty or too long filter with 0x8F on 5.0 and 0x80 on 3.1.1', () => {
    expect(decideSubscription({ topicFilter: '', qos: 1 }, joinAll, 5)).toMatchObject({ code: 0x8f });
    expect(decideSubscription({ topicFilter: 'x'.repeat(1025), qos: 1 }, joinAll, 4)).toMatchObject({ code: 0x80 });
  });

  it('refuses other $ topics with 0x8F on 5.0 and 0x80 on 3.1.1', () => {
    expect(decideSubscription({ topicFilter: '$SYS/x', qos: 0 }, joinAll, 5)).toMatchObject({ code: 0x8f });
    expect(decideSubscription({ topicFilter: '$SYS/x', qos: 0 }, joinAll, 4)).toMatchObject({ code: 0x80 });
  });

  it('grants the server messages topic without joining a group or needing a role', () => {
    expect(decideSubscription({ topicFilter: '$webpubsub/server/messages', qos: 1 }, noRoles, 5)).toEqual({
      kind: 'serverTopic',
      topic: '$webpubsub/server/messages',
      grantedQos: 1,
      code: 1,
    });
  });
});

describe('UNSUBSCRIBE is leave group (mqtt.md §3)', () => {
  it('leaves the group named by the filter', () => {
    expect(unsubscribeGroup('a/b')).toBe('a/b');
    expect(unsubscribeGroup('a/#')).toBeUndefined();
  });

  it('answers 0x00, or 0x11 when there was no subscription', () => {
    expect(unsubackReasonCode(true)).toBe(0x00);
    expect(unsubackReasonCode(false)).toBe(0x11);
  });
});
