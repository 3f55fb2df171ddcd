import { compileRoles } from '../permissions/permission-set';
import { decideSubscription } from './subscriptions';
import { literalPrefix, parseSharedFilter, topicMatchesFilter, wildcardFilterProblem } from './topic-filters';
import { classifyTopicFilter } from './topics';

const BROKER = { wildcardSubscriptions: true, sharedSubscriptions: true };

describe('wildcard and shared topic filters (MQTT 5.0 §4.7, §4.8.2)', () => {
  it.each([
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/#', 'sport', true],
    ['sport/#', 'sport/tennis/player1', true],
    ['#', 'anything/at/all', true],
    ['+/+', '/finance', true],
    ['+', '/finance', false],
    ['sport/+/player1', 'sport//player1', true],
    ['#', '$SYS/uptime', false],
    ['+/uptime', '$SYS/uptime', false],
  ])('%s against %s: %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(topic, filter)).toBe(expected);
  });

  it('checks where # and + may stand', () => {
    expect(wildcardFilterProblem('a/#')).toBeNull();
    expect(wildcardFilterProblem('a/+/b')).toBeNull();
    expect(wildcardFilterProblem('a/#/b')).toContain('#');
    expect(wildcardFilterProblem('a#')).toContain('#');
    expect(wildcardFilterProblem('a+/b')).toContain('+');
  });

  it('reads $share/{name}/{filter}', () => {
    expect(parseSharedFilter('$share/workers/jobs/+')).toEqual({ ok: true, shareName: 'workers', filter: 'jobs/+' });
    expect(parseSharedFilter('$share//jobs').ok).toBe(false);
    expect(parseSharedFilter('$share/w+/jobs').ok).toBe(false);
    expect(parseSharedFilter('$share/workers/').ok).toBe(false);
  });

  it('gives the literal text before the first wildcard', () => {
    expect(literalPrefix('sensors/+/temp')).toBe('sensors/');
    expect(literalPrefix('#')).toBe('');
    expect(literalPrefix('plain')).toBe('plain');
  });

  it('refuses wildcards and shares as Azure does unless the hub enables them', () => {
    expect(classifyTopicFilter('a/+')).toMatchObject({ kind: 'refused', failure: 'wildcardSubscriptionsNotSupported' });
    expect(classifyTopicFilter('$share/g/a')).toMatchObject({ kind: 'refused', failure: 'sharedSubscriptionsNotSupported' });
    expect(classifyTopicFilter('a/+', BROKER)).toEqual({ kind: 'pattern', filter: 'a/+' });
    expect(classifyTopicFilter('$share/g/a/#', BROKER)).toEqual({ kind: 'shared', shareName: 'g', target: { kind: 'pattern', filter: 'a/#' } });
    expect(classifyTopicFilter('$share/g/a', BROKER)).toEqual({ kind: 'shared', shareName: 'g', target: { kind: 'group', group: 'a' } });
    expect(classifyTopicFilter('$SYS/#', BROKER)).toMatchObject({ kind: 'refused', failure: 'topicFilterInvalid' });
  });

  it('grants a wildcard to joinLeaveGroup, or to a pattern role covering its literal prefix', () => {
    const decide = (roles: string[], filter: string) => decideSubscription({ topicFilter: filter, qos: 1 }, compileRoles(roles), 5, BROKER).kind;
    expect(decide(['webpubsub.joinLeaveGroup'], '#')).toBe('subscribe');
    expect(decide(['webpubsub.joinLeaveGroups.sensors/**'], 'sensors/+/temp')).toBe('subscribe');
    expect(decide(['webpubsub.joinLeaveGroups.sensors/*'], 'sensors/+/temp')).toBe('refused');
    expect(decide(['webpubsub.joinLeaveGroup.sensors/a/temp'], 'sensors/+/temp')).toBe('refused');
    expect(decide(['webpubsub.joinLeaveGroups.sensors/**'], 'other/#')).toBe('refused');
  });
});
