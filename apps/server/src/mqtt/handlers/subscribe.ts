import { decideSubscription, unsubackReasonCode, unsubscribeGroup, type MqttQos } from '@switchboard/protocol';
import type { ISubscribePacket, IUnsubscribePacket, Packet } from 'mqtt-packet';
import type { MqttSession } from '../mqtt-session';
import type { MqttServices } from '../mqtt-services';

/** SUBSCRIBE = join the group of each topic filter, one SUBACK code per filter (spec/mqtt.md §3). */
export function subscribe(session: MqttSession, packet: ISubscribePacket, services: MqttServices): void {
  // A SUBSCRIBE must name at least one topic filter (MQTT 5.0 §3.8.3, 3.1.1 §3.8.3).
  if (packet.subscriptions.length === 0) return session.dropNetwork('protocolError', 'SUBSCRIBE with no topic filter');
  const subscriptionIdentifier = packet.properties?.subscriptionIdentifier;
  const granted = packet.subscriptions.map((request) => {
    const decision = decideSubscription(
      { topicFilter: request.topic, qos: request.qos as MqttQos, noLocal: request.nl },
      session.permissions,
      session.version,
    );
    if (decision.kind === 'joinGroup') {
      services.local.join(session, decision.group);
      // Re-subscribing replaces the options.
      session.subscriptions.set(decision.group, {
        grantedQos: decision.grantedQos,
        noLocal: request.nl === true,
        ...(typeof subscriptionIdentifier === 'number' ? { subscriptionIdentifier } : {}),
      });
    }
    return decision.code;
  });
  session.send({ cmd: 'suback', messageId: packet.messageId, granted } as Packet);
}

/** UNSUBSCRIBE = leave the group; always allowed (§3). v5 UNSUBACK says whether it existed. */
export function unsubscribe(session: MqttSession, packet: IUnsubscribePacket, services: MqttServices): void {
  if (packet.unsubscriptions.length === 0) return session.dropNetwork('protocolError', 'UNSUBSCRIBE with no topic filter');
  const codes = packet.unsubscriptions.map((topic) => {
    const group = unsubscribeGroup(topic);
    if (group === undefined) return unsubackReasonCode(false);
    const subscribed = session.subscriptions.delete(group);
    const member = services.local.leave(session, group);
    return unsubackReasonCode(subscribed || member);
  });
  session.send({ cmd: 'unsuback', messageId: packet.messageId, ...(session.version === 5 ? { granted: codes } : {}) } as Packet);
}
