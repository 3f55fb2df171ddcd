/**
 * SUBSCRIBE is join group, UNSUBSCRIBE is leave group (spec/mqtt.md §3). One decision per topic
 * filter; the gateway collects them into one SUBACK / UNSUBACK.
 */
import type { PermissionSet } from '../permissions/permission-set';
import type { MqttQos } from './application-message';
import { subackCodeFor, type SubscribeFailure } from './failure-answers';
import type { MqttProtocolVersion } from './protocol-version';
import { ReasonCode } from './reason-codes';
import { literalPrefix, SHARED_SUBSCRIPTION_PREFIX } from './topic-filters';
import { classifyTopicFilter, type FilterFeatures, type FilterTarget } from './topics';

/** One entry of a SUBSCRIBE (v5 options that matter here; the others have no effect, mqtt.md §3). */
export interface SubscriptionRequest {
  topicFilter: string;
  qos: MqttQos;
  /** v5 No Local: do not deliver this connection's own PUBLISHes back to it. */
  noLocal?: boolean;
}

/** What a subscription (not a group join) reaches: a pattern, or a share of a group or pattern. */
export type SubscriptionTarget = { kind: 'pattern'; filter: string } | { kind: 'shared'; shareName: string; target: FilterTarget };

export type SubscriptionDecision =
  /** Join the group; `code` is the SUBACK entry (the granted QoS = the requested QoS). */
  | { kind: 'joinGroup'; group: string; grantedQos: MqttQos; code: number }
  /** A wildcard or shared subscription of a hub that enables it: no group joined. */
  | { kind: 'subscribe'; target: SubscriptionTarget; grantedQos: MqttQos; code: number }
  /** A reserved service-to-client topic: granted, no group joined (topics.ts). */
  | { kind: 'serverTopic'; topic: string; grantedQos: MqttQos; code: number }
  | { kind: 'refused'; failure: SubscribeFailure; problem: string; code: number };

/**
 * Joining needs `webpubsub.joinLeaveGroup`, `webpubsub.joinLeaveGroup.<topic>` or a matching
 * `webpubsub.joinLeaveGroups.<pattern>` (mqtt.md §3 SUBSCRIBE table). The filter is checked
 * before the permission, so an unusable filter gets its own code whatever the roles.
 */
export function decideSubscription(
  request: SubscriptionRequest,
  permissions: PermissionSet,
  version: MqttProtocolVersion,
  features?: FilterFeatures,
): SubscriptionDecision {
  const filter = classifyTopicFilter(request.topicFilter, features);
  const notAuthorized = (what: string): SubscriptionDecision => ({
    kind: 'refused',
    failure: 'notAuthorized',
    problem: `not allowed to join ${what}`,
    code: subackCodeFor('notAuthorized', version),
  });
  switch (filter.kind) {
    case 'refused':
      return { kind: 'refused', failure: filter.failure, problem: filter.problem, code: subackCodeFor(filter.failure, version) };
    case 'serverTopic':
      return { kind: 'serverTopic', topic: filter.topic, grantedQos: request.qos, code: request.qos };
    case 'group':
      if (!permissions.canJoinLeave(filter.group)) return notAuthorized(`group '${filter.group}'`);
      return { kind: 'joinGroup', group: filter.group, grantedQos: request.qos, code: request.qos };
    case 'pattern':
    case 'shared': {
      const reached = filter.kind === 'shared' ? filter.target : filter;
      if (!mayJoinAll(permissions, reached)) return notAuthorized(reached.kind === 'group' ? `group '${reached.group}'` : `every group that '${reached.filter}' matches`);
      const target: SubscriptionTarget = filter.kind === 'shared' ? { kind: 'shared', shareName: filter.shareName, target: filter.target } : { kind: 'pattern', filter: filter.filter };
      return { kind: 'subscribe', target, grantedQos: request.qos, code: request.qos };
    }
  }
}

/**
 * A wildcard filter reaches groups nobody named yet, so it needs `webpubsub.joinLeaveGroup`, or a
 * pattern role covering every group with the filter's literal prefix (`webpubsub.joinLeaveGroups.sensors/**`).
 */
function mayJoinAll(permissions: PermissionSet, target: FilterTarget): boolean {
  return target.kind === 'group' ? permissions.canJoinLeave(target.group) : permissions.canJoinLeaveEvery(literalPrefix(target.filter));
}

/** The key a subscription is held under in a session: the filter exactly as the client wrote it. */
export function subscriptionKey(target: SubscriptionTarget): string {
  if (target.kind === 'pattern') return target.filter;
  return `${SHARED_SUBSCRIPTION_PREFIX}${target.shareName}/${target.target.kind === 'group' ? target.target.group : target.target.filter}`;
}

/**
 * The group an UNSUBSCRIBE leaves, or undefined when the filter names none. Leaving needs no
 * permission (mqtt.md §3 UNSUBSCRIBE, recommendation for the unconfirmed point).
 */
export function unsubscribeGroup(topicFilter: string): string | undefined {
  const filter = classifyTopicFilter(topicFilter);
  return filter.kind === 'group' ? filter.group : undefined;
}

/** What an UNSUBSCRIBE ends on a hub with these features: a group, a subscription, or nothing. */
export function unsubscribeTarget(topicFilter: string, features: FilterFeatures): { kind: 'group'; group: string } | { kind: 'subscription'; target: SubscriptionTarget } | undefined {
  const filter = classifyTopicFilter(topicFilter, features);
  switch (filter.kind) {
    case 'group':
      return filter;
    case 'pattern':
      return { kind: 'subscription', target: { kind: 'pattern', filter: filter.filter } };
    case 'shared':
      return { kind: 'subscription', target: { kind: 'shared', shareName: filter.shareName, target: filter.target } };
    default:
      return undefined;
  }
}

/** v5 UNSUBACK entry (mqtt.md §3); a 3.1.1 UNSUBACK has no payload. */
export function unsubackReasonCode(wasSubscribed: boolean): number {
  return wasSubscribed ? ReasonCode.Success : ReasonCode.NoSubscriptionExisted;
}
