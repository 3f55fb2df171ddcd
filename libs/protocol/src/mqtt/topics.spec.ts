import {
  SERVER_MESSAGES_TOPIC,
  classifyPublishTopic,
  classifyTopicFilter,
  groupToTopic,
  isServerToClientTopic,
  parseUserEventResponseTopic,
  parseUserEventTopic,
  topicToGroup,
  userEventResponseTopic,
  userEventTopic,
} from './topics';

describe('topics are groups (mqtt.md §3)', () => {
  it('maps a topic to the group of the same name, slashes and case included', () => {
    expect(topicToGroup('a/b')).toBe('a/b');
    expect(topicToGroup('Sensors')).toBe('Sensors');
    expect(groupToTopic('a/b')).toBe('a/b');
  });

  describe('reserved topics', () => {
    it('names the server messages topic', () => {
      expect(SERVER_MESSAGES_TOPIC).toBe('$webpubsub/server/messages');
    });

    it('builds user event topics and their response topics', () => {
      expect(userEventTopic('chat')).toBe('$webpubsub/server/events/chat');
      expect(userEventResponseTopic('chat', 'succeeded')).toBe('$webpubsub/server/events/chat/succeeded');
      expect(userEventResponseTopic('chat', 'failed')).toBe('$webpubsub/server/events/chat/failed');
    });

    it('parses the event out of a user event topic', () => {
      expect(parseUserEventTopic('$webpubsub/server/events/chat')).toBe('chat');
      expect(parseUserEventTopic('$webpubsub/server/events/')).toBeUndefined();
      expect(parseUserEventTopic('$webpubsub/server/events/a/b')).toBeUndefined();
      expect(parseUserEventTopic('$webpubsub/server/events/caf\u00e9')).toBeUndefined();
      expect(parseUserEventTopic('$webpubsub/server/messages')).toBeUndefined();
    });

    it('parses a response topic', () => {
      expect(parseUserEventResponseTopic('$webpubsub/server/events/chat/failed')).toEqual({ event: 'chat', outcome: 'failed' });
      expect(parseUserEventResponseTopic('$webpubsub/server/events/chat/other')).toBeUndefined();
      expect(parseUserEventResponseTopic('$webpubsub/server/events/a/b/succeeded')).toBeUndefined();
      expect(isServerToClientTopic('$webpubsub/server/events/chat/succeeded')).toBe(true);
      expect(isServerToClientTopic(SERVER_MESSAGES_TOPIC)).toBe(true);
      expect(isServerToClientTopic('$webpubsub/server/events/chat')).toBe(false);
    });
  });

  describe('publish topic names (mqtt.md §4)', () => {
    it('sends an ordinary topic to its group', () => {
      expect(classifyPublishTopic('sensors')).toEqual({ kind: 'group', group: 'sensors' });
      expect(classifyPublishTopic('x'.repeat(1024))).toEqual({ kind: 'group', group: 'x'.repeat(1024) });
    });

    it('tells a user event topic and its event', () => {
      expect(classifyPublishTopic('$webpubsub/server/events/chat')).toEqual({ kind: 'userEvent', event: 'chat' });
    });

    it.each(['', 'a/+', 'a/#', '+', 'a\u0000b'])('treats %j as a malformed topic name', (topic) => {
      expect(classifyPublishTopic(topic)).toMatchObject({ kind: 'refused', failure: 'topicNameInvalid' });
    });

    it.each(['$SYS/x', '$webpubsub/server/messages', '$webpubsub/server/events/chat/succeeded', '$webpubsub/server/events/a/b'])(
      'refuses publishing to %j like an unauthorised publish',
      (topic) => {
        expect(classifyPublishTopic(topic)).toMatchObject({ kind: 'refused', failure: 'notAuthorized' });
      },
    );

    it.each(['   ', 'x'.repeat(1025)])('does not accept %j, which cannot be a group', (topic) => {
      expect(classifyPublishTopic(topic)).toMatchObject({ kind: 'refused', failure: 'topicNameNotAccepted' });
    });
  });

  describe('subscribe topic filters (mqtt.md §3 SUBSCRIBE)', () => {
    it('joins the group named by a literal filter', () => {
      expect(classifyTopicFilter('a/b')).toEqual({ kind: 'group', group: 'a/b' });
    });

    it.each(['+', 'a/+', '#', 'a/#', 'a+b'])('refuses the wildcard filter %j', (filter) => {
      expect(classifyTopicFilter(filter)).toMatchObject({ kind: 'refused', failure: 'wildcardSubscriptionsNotSupported' });
    });

    it('refuses a shared subscription, before looking at its wildcards', () => {
      expect(classifyTopicFilter('$share/g/t')).toMatchObject({ failure: 'sharedSubscriptionsNotSupported' });
      expect(classifyTopicFilter('$share/g/#')).toMatchObject({ failure: 'sharedSubscriptionsNotSupported' });
    });

    it.each(['', 'x'.repeat(1025), ' ', '$SYS/broker', '$webpubsub/server/events/chat'])('finds %j invalid', (filter) => {
      expect(classifyTopicFilter(filter)).toMatchObject({ kind: 'refused', failure: 'topicFilterInvalid' });
    });

    it('grants the reserved server-to-client topics without a group', () => {
      expect(classifyTopicFilter('$webpubsub/server/messages')).toEqual({ kind: 'serverTopic', topic: '$webpubsub/server/messages' });
      expect(classifyTopicFilter('$webpubsub/server/events/chat/succeeded')).toMatchObject({ kind: 'serverTopic' });
    });
  });

  describe('groups to topics', () => {
    it('gives a $ group its own name: the server may publish $ topics', () => {
      expect(groupToTopic('$g')).toBe('$g');
    });

    it.each(['a/#', 'a+', 'x\u0000', '\ud800lone'])('has no topic for group %j, so MQTT members do not receive it', (group) => {
      expect(groupToTopic(group)).toBeUndefined();
    });

    it('keeps surrogate pairs', () => {
      expect(groupToTopic('emoji \ud83d\ude00')).toBe('emoji \ud83d\ude00');
    });
  });
});
