import { topicMatchesFilter } from '@switchboard/protocol';
import { SessionFilters } from './session-filters';

describe('a session\'s wildcard subscriptions', () => {
  const cases: Array<[string, string]> = [
    ['sport/tennis/+', 'sport/tennis/player1'],
    ['sport/tennis/+', 'sport/tennis/player1/ranking'],
    ['sport/#', 'sport'],
    ['sport/#', 'sports'],
    ['sport/#', 'sport/tennis/player1'],
    ['#', '$SYS/uptime'],
    ['+/+', '/finance'],
    ['+', '/finance'],
    ['a/+', 'a'],
    ['a/b/c', 'a/b'],
    ['sport/+/player1', 'sport//player1'],
  ];

  it.each(cases)('%s against %s agrees with the protocol rule', (filter, topic) => {
    const filters = new SessionFilters();
    filters.set(filter, { target: { kind: 'pattern', filter }, subscription: { grantedQos: 1 } });
    expect(filters.matches(topic)).toBe(topicMatchesFilter(topic, filter));
  });

  it('merges every match: highest QoS, every identifier, and forgets its last answer when subscriptions change', () => {
    const filters = new SessionFilters();
    filters.set('home/+/light', { target: { kind: 'pattern', filter: 'home/+/light' }, subscription: { grantedQos: 0, subscriptionIdentifier: 7 } });
    filters.set('home/#', { target: { kind: 'pattern', filter: 'home/#' }, subscription: { grantedQos: 1, subscriptionIdentifier: 9 } });
    expect(filters.merged('home/hall/light', undefined)).toMatchObject({ grantedQos: 1, subscriptionIdentifier: [7, 9] });
    filters.delete('home/#');
    expect(filters.merged('home/hall/light', undefined)).toEqual({ grantedQos: 0, subscriptionIdentifier: 7 });
  });
});
