/**
 * SUBSCRIBE is join group, UNSUBSCRIBE is leave group (spec/mqtt.md §3). One decision per topic
 * filter; the gateway collects them into one SUBACK / UNSUBACK.
 */
import type { PermissionSet } from '../permissions/permission-set';
import type { MqttQos } from './application-message';
import { subackCodeFor, type SubscribeFailure } from './failure-answers';
import type { MqttProtocolVersion } from './protocol-version';
import { ReasonCode } from './reason-codes';
import { classifyTopicFilter } from './topics';

/** One entry of a SUBSCRIBE (v5 options that matter here; the others have no effect, mqtt.md §3). */
export interface SubscriptionRequest {
  topicFilter: string;
  qos: MqttQos;
  /** v5 No Local: do not deliver this connection's own PUBLISHes back to it. */
  noLocal?: boolean;
}

export type SubscriptionDecision =
  /** Join the group; `code` is the SUBACK entry (the granted QoS = the requested QoS). */
  | { kind: 'joinGroup'; group: string; grantedQos: MqttQos; code: number }
  /** A reserved service-to-client topic: granted, no group joined (topics.ts). */
  | { kind: 'serverTopic'; topic: string; grantedQos: MqttQos; code: number }
  | { kind: 'refused'; failure: SubscribeFailure; problem: string; code: number };

/**
 * Joining needs `webpubsub.joinLeaveGroup`, `webpubsub.joinLeaveGroup.<topic>` or a matching
 * `webpubsub.joinLeaveGroups.<pattern>` (mqtt.md §3 SUBSCRIBE table). The filter is checked
 * before the permission, so an unusable filter gets its own code whatever the roles.
 */
export function decideSubscription(request: SubscriptionRequest, permissions: PermissionSet, version: MqttProtocolVersion): SubscriptionDecision {
  const filter = classifyTopicFilter(request.topicFilter);
  switch (filter.kind) {
    case 'refused':
      return { kind: 'refused', failure: filter.failure, problem: filter.problem, code: subackCodeFor(filter.failure, version) };
    case 'serverTopic':
      return { kind: 'serverTopic', topic: filter.topic, grantedQos: request.qos, code: request.qos };
    case 'group':
      if (!permissions.canJoinLeave(filter.group)) {
        return {
          kind: 'refused',
          failure: 'notAuthorized',
          problem: `not allowed to join group '${filter.group}'`,
          code: subackCodeFor('notAuthorized', version),
        };
      }
      return { kind: 'joinGroup', group: filter.group, grantedQos: request.qos, code: request.qos };
  }
}

/**
 * The group an UNSUBSCRIBE leaves, or undefined when the filter names none. Leaving needs no
 * permission (mqtt.md §3 UNSUBSCRIBE, recommendation for the unconfirmed point).
 */
export function unsubscribeGroup(topicFilter: string): string | undefined {
  const filter = classifyTopicFilter(topicFilter);
  return filter.kind === 'group' ? filter.group : undefined;
}

/** v5 UNSUBACK entry (mqtt.md §3); a 3.1.1 UNSUBACK has no payload. */
export function unsubackReasonCode(wasSubscribed: boolean): number {
  return wasSubscribed ? ReasonCode.Success : ReasonCode.NoSubscriptionExisted;
}
