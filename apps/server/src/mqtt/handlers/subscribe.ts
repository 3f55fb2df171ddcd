import {
  decideSubscription,
  SHARED_SUBSCRIPTION_PREFIX,
  subscriptionKey,
  unsubackReasonCode,
  unsubscribeTarget,
  type DeliverySubscription,
  type FilterTarget,
  type MqttQos,
} from '@switchboard/protocol';
import type { ISubscribePacket, IUnsubscribePacket, Packet } from 'mqtt-packet';
import type { MqttSession } from '../mqtt-session';
import type { MqttServices } from '../mqtt-services';

/**
 * SUBSCRIBE = join the group of each topic filter, one SUBACK code per filter (spec/mqtt.md §3).
 * On a hub that enables them, wildcard and shared filters become subscriptions beside the groups.
 */
export function subscribe(session: MqttSession, packet: ISubscribePacket, services: MqttServices): void | Promise<void> {
  // A SUBSCRIBE must name at least one topic filter (MQTT 5.0 §3.8.3, 3.1.1 §3.8.3).
  if (packet.subscriptions.length === 0) return session.dropNetwork('protocolError', 'SUBSCRIBE with no topic filter');
  // No Local on a shared subscription is a Protocol Error (MQTT 5.0 §3.8.3.1).
  if (session.features.sharedSubscriptions && packet.subscriptions.some((request) => request.nl === true && request.topic.startsWith(SHARED_SUBSCRIPTION_PREFIX))) {
    return session.dropNetwork('protocolError', 'No Local set on a shared subscription');
  }
  const subscriptionIdentifier = packet.properties?.subscriptionIdentifier;
  /** Retained messages owed to new subscriptions, sent after the SUBACK (MQTT 5.0 §3.8.4). */
  const retainedFor: Array<{ target: FilterTarget; subscription: DeliverySubscription }> = [];
  const granted = packet.subscriptions.map((request) => {
    const decision = decideSubscription(
      { topicFilter: request.topic, qos: request.qos as MqttQos, noLocal: request.nl },
      session.permissions,
      session.version,
      session.features,
    );
    // Re-subscribing replaces the options.
    const options: DeliverySubscription = {
      grantedQos: decision.kind === 'refused' ? 0 : decision.grantedQos,
      noLocal: request.nl === true,
      ...(request.rap === true ? { retainAsPublished: true } : {}),
      ...(typeof subscriptionIdentifier === 'number' ? { subscriptionIdentifier } : {}),
    };
    let target: FilterTarget | undefined;
    let existed = false;
    if (decision.kind === 'joinGroup') {
      existed = session.subscriptions.has(decision.group);
      services.local.join(session, decision.group);
      session.subscriptions.set(decision.group, options);
      target = { kind: 'group', group: decision.group };
    } else if (decision.kind === 'subscribe') {
      const key = subscriptionKey(decision.target);
      existed = session.filters.get(key) !== undefined;
      session.filters.set(key, { target: decision.target, subscription: options });
      if (!existed) services.local.subscribe(session, decision.target);
      // A new shared subscription gets no retained messages (MQTT 5.0 §4.8.2).
      if (decision.target.kind === 'pattern') target = decision.target;
    }
    // Retain Handling (v5): 0 on every subscribe, 1 on a new subscription only, 2 never; 3.1.1 is 0.
    const handling = session.version === 5 ? (request.rh ?? 0) : 0;
    if (target && session.features.retainedMessages && (handling === 0 || (handling === 1 && !existed))) retainedFor.push({ target, subscription: options });
    return decision.code;
  });
  session.send({ cmd: 'suback', messageId: packet.messageId, granted } as Packet);
  session.persistSoon();
  if (retainedFor.length > 0) return deliverRetained(session, retainedFor, services);
}

async function deliverRetained(session: MqttSession, owed: Array<{ target: FilterTarget; subscription: DeliverySubscription }>, services: MqttServices): Promise<void> {
  for (const { target, subscription } of owed) {
    for (const message of await services.retained.matching(session.hubKey, target)) session.deliverRetained(message, subscription);
  }
}

/** UNSUBSCRIBE = leave the group, or end the subscription; always allowed (§3). v5 UNSUBACK says whether it existed. */
export function unsubscribe(session: MqttSession, packet: IUnsubscribePacket, services: MqttServices): void {
  if (packet.unsubscriptions.length === 0) return session.dropNetwork('protocolError', 'UNSUBSCRIBE with no topic filter');
  const codes = packet.unsubscriptions.map((topic) => {
    const target = unsubscribeTarget(topic, session.features);
    if (target === undefined) return unsubackReasonCode(false);
    if (target.kind === 'subscription') {
      const existed = session.filters.delete(subscriptionKey(target.target));
      if (existed) services.local.unsubscribe(session, target.target);
      return unsubackReasonCode(existed);
    }
    const subscribed = session.subscriptions.delete(target.group);
    const member = services.local.leave(session, target.group);
    return unsubackReasonCode(subscribed || member);
  });
  session.send({ cmd: 'unsuback', messageId: packet.messageId, ...(session.version === 5 ? { granted: codes } : {}) } as Packet);
  session.persistSoon();
}
