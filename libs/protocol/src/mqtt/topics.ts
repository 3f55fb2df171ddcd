/**
 * Topics are groups (spec/mqtt.md §3): a topic name or topic filter is the group name byte for
 * byte, with no wildcard semantics. The `$webpubsub/` topics are reserved for server messages and
 * user events; other `$` topics are not groups.
 */
import { groupNameProblem, MAX_GROUP_NAME_LENGTH } from '../native/group-name';
import type { PublishFailure, SubscribeFailure } from './failure-answers';
import { hasWildcard, parseSharedFilter, SHARED_SUBSCRIPTION_PREFIX, wildcardFilterProblem } from './topic-filters';

export const MAX_TOPIC_LENGTH = MAX_GROUP_NAME_LENGTH;

export const RESERVED_TOPIC_PREFIX = '$webpubsub/';
/** Where REST send-to-all / -user / -connection payloads arrive (mqtt.md §3, §5). */
export const SERVER_MESSAGES_TOPIC = '$webpubsub/server/messages';
/** PUBLISH to `{prefix}{event}` is user event `{event}` (upstream-events.md §8.4). */
export const USER_EVENT_TOPIC_PREFIX = '$webpubsub/server/events/';
export { SHARED_SUBSCRIPTION_PREFIX };

export type UserEventOutcome = 'succeeded' | 'failed';

export function userEventTopic(event: string): string {
  return USER_EVENT_TOPIC_PREFIX + event;
}

/** Where the handler's answer to user event `event` goes back (upstream-events.md §8.4). */
export function userEventResponseTopic(event: string, outcome: UserEventOutcome): string {
  return `${USER_EVENT_TOPIC_PREFIX}${event}/${outcome}`;
}

/**
 * Why `event` cannot be a user event name, or null. The name travels in `ce-type`,
 * `ce-eventName` and the handler URL, so it follows the native `event` frame rule (printable
 * ASCII, no surrounding spaces; decode-client-frame.ts) and, in a topic, has no `/` (§8.4).
 */
export function userEventNameProblem(event: string): string | null {
  if (event.length === 0) return 'event name must not be empty';
  for (let i = 0; i < event.length; i++) {
    const c = event.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return 'event name may contain only printable ASCII characters';
  }
  if (event.includes('/')) return "event name must not contain '/'";
  if (event.trim() !== event) return 'event name must not start or end with a space';
  return null;
}

/** The event name when `topic` is `$webpubsub/server/events/{event}` with a usable name. */
export function parseUserEventTopic(topic: string): string | undefined {
  if (!topic.startsWith(USER_EVENT_TOPIC_PREFIX)) return undefined;
  const event = topic.slice(USER_EVENT_TOPIC_PREFIX.length);
  return userEventNameProblem(event) === null ? event : undefined;
}

/** The event and outcome when `topic` is a user event response topic. */
export function parseUserEventResponseTopic(topic: string): { event: string; outcome: UserEventOutcome } | undefined {
  if (!topic.startsWith(USER_EVENT_TOPIC_PREFIX)) return undefined;
  const rest = topic.slice(USER_EVENT_TOPIC_PREFIX.length);
  const slash = rest.lastIndexOf('/');
  if (slash < 0) return undefined;
  const event = rest.slice(0, slash);
  const outcome = rest.slice(slash + 1);
  if (outcome !== 'succeeded' && outcome !== 'failed') return undefined;
  return userEventNameProblem(event) === null ? { event, outcome } : undefined;
}

/** Topics the service publishes to a client on its own, without any group behind them. */
export function isServerToClientTopic(topic: string): boolean {
  return topic === SERVER_MESSAGES_TOPIC || parseUserEventResponseTopic(topic) !== undefined;
}

/**
 * Why `topic` is not a well-formed MQTT topic name, or null: empty (no topic alias is accepted,
 * mqtt.md §4), a wildcard character, or U+0000 (MQTT 5.0 §4.7.3, 3.1.1 §4.7.3).
 */
export function topicNameProblem(topic: string): string | null {
  if (topic.length === 0) return 'topic name must not be empty';
  if (topic.includes('+') || topic.includes('#')) return "topic name must not contain '+' or '#'";
  if (topic.includes('\u0000')) return 'topic name must not contain U+0000';
  return null;
}

export type PublishTopic =
  | { kind: 'group'; group: string }
  | { kind: 'userEvent'; event: string }
  | { kind: 'refused'; failure: Extract<PublishFailure, 'topicNameInvalid' | 'topicNameNotAccepted' | 'notAuthorized'>; problem: string };

/** What a PUBLISH topic addresses (mqtt.md §3, §4). Permissions are checked by the caller. */
export function classifyPublishTopic(topic: string): PublishTopic {
  const malformed = topicNameProblem(topic);
  if (malformed !== null) return { kind: 'refused', failure: 'topicNameInvalid', problem: malformed };
  if (topic.startsWith('$')) {
    const event = parseUserEventTopic(topic);
    if (event !== undefined) return { kind: 'userEvent', event };
    // "refused like an unauthorised publish" (mqtt.md §3).
    return { kind: 'refused', failure: 'notAuthorized', problem: `topic '${topic}' is reserved` };
  }
  const notGroup = groupNameProblem(topic);
  if (notGroup !== null) return { kind: 'refused', failure: 'topicNameNotAccepted', problem: notGroup };
  return { kind: 'group', group: topic };
}

/** The MQTT features of a hub that change what a topic filter may be (hub-settings.ts). */
export interface FilterFeatures {
  wildcardSubscriptions: boolean;
  sharedSubscriptions: boolean;
}

const AZURE_FILTERS: FilterFeatures = { wildcardSubscriptions: false, sharedSubscriptions: false };

/** A filter a subscription can hold: one group by name, or a wildcard pattern over group names. */
export type FilterTarget = { kind: 'group'; group: string } | { kind: 'pattern'; filter: string };

export type TopicFilter =
  | FilterTarget
  /** `$share/{shareName}/{filter}`: each message of the target to one member of the share. */
  | { kind: 'shared'; shareName: string; target: FilterTarget }
  /**
   * A reserved service-to-client topic (`$webpubsub/server/messages`, a user event response
   * topic). Those messages arrive without a subscription (mqtt.md §5); subscribing to them is
   * granted so clients that subscribe by habit are not refused, and joins no group.
   */
  | { kind: 'serverTopic'; topic: string }
  | { kind: 'refused'; failure: Extract<SubscribeFailure, 'sharedSubscriptionsNotSupported' | 'wildcardSubscriptionsNotSupported' | 'topicFilterInvalid'>; problem: string };

/**
 * What a SUBSCRIBE topic filter addresses (mqtt.md §3 SUBSCRIBE table). Without `features` (or
 * with them off) wildcard and shared filters are refused as Azure refuses them. Permissions are
 * checked by the caller.
 */
export function classifyTopicFilter(filter: string, features: FilterFeatures = AZURE_FILTERS): TopicFilter {
  if (filter.startsWith(SHARED_SUBSCRIPTION_PREFIX)) {
    if (!features.sharedSubscriptions) return { kind: 'refused', failure: 'sharedSubscriptionsNotSupported', problem: 'shared subscriptions are not supported' };
    const shared = parseSharedFilter(filter);
    if (!shared.ok) return { kind: 'refused', failure: 'topicFilterInvalid', problem: shared.problem };
    const target = classifyTopicFilter(shared.filter, features);
    if (target.kind !== 'group' && target.kind !== 'pattern') {
      return { kind: 'refused', failure: target.kind === 'refused' ? target.failure : 'topicFilterInvalid', problem: target.kind === 'refused' ? target.problem : 'a reserved topic cannot be shared' };
    }
    return { kind: 'shared', shareName: shared.shareName, target };
  }
  if (hasWildcard(filter)) {
    if (!features.wildcardSubscriptions) return { kind: 'refused', failure: 'wildcardSubscriptionsNotSupported', problem: 'wildcard subscriptions are not supported' };
    const problem = wildcardFilterProblem(filter) ?? (filter.includes('\u0000') ? 'topic filter must not contain U+0000' : null) ?? (filter.length > MAX_TOPIC_LENGTH ? `topic filter is longer than ${MAX_TOPIC_LENGTH} characters` : null);
    if (problem !== null) return { kind: 'refused', failure: 'topicFilterInvalid', problem };
    if (filter.startsWith('$')) return { kind: 'refused', failure: 'topicFilterInvalid', problem: `topic filter '${filter}' is reserved` };
    return { kind: 'pattern', filter };
  }
  if (filter.includes('\u0000')) return { kind: 'refused', failure: 'topicFilterInvalid', problem: 'topic filter must not contain U+0000' };
  if (filter.startsWith('$')) {
    if (isServerToClientTopic(filter)) return { kind: 'serverTopic', topic: filter };
    // Other `$` topics are not groups: 0x8F / 0x80 (mqtt.md §3, unconfirmed).
    return { kind: 'refused', failure: 'topicFilterInvalid', problem: `topic filter '${filter}' is reserved` };
  }
  const notGroup = groupNameProblem(filter);
  if (notGroup !== null) return { kind: 'refused', failure: 'topicFilterInvalid', problem: notGroup };
  return { kind: 'group', group: filter };
}

/**
 * The topic an MQTT member of `group` receives the group's messages on, or undefined when the
 * group name cannot be an MQTT topic name. A native client, REST or a `connect` response can
 * use such a group (`a/#`, a lone surrogate); an MQTT client that is a member simply does not
 * receive those messages rather than being sent a packet it must treat as a protocol error.
 */
export function groupToTopic(group: string): string | undefined {
  // A fan-out asks once per recipient for the same group: the last answer is kept.
  if (group === lastGroup) return lastTopic;
  lastGroup = group;
  // MQTT strings are UTF-8 and must not encode surrogates (MQTT 5.0 §1.5.4).
  lastTopic = topicNameProblem(group) !== null || LONE_SURROGATE.test(group) ? undefined : group;
  return lastTopic;
}

let lastGroup: string | undefined;
let lastTopic: string | undefined;

/** The group a topic name publishes to, or undefined when it is not a group topic. */
export function topicToGroup(topic: string): string | undefined {
  const classified = classifyPublishTopic(topic);
  return classified.kind === 'group' ? classified.group : undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
