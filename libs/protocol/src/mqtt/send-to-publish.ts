/**
 * What an MQTT receiver gets for a Send (spec/mqtt.md §5): the topic, the QoS after
 * downgrading, the payload bytes and the v5 properties. One call per receiving session; the
 * router has already applied `excluded` and `filter`.
 */
import type { Send, SendTarget } from '../messaging/send';
import { minQos, type MqttQos, type OutgoingPublish, type PublishProperties } from './application-message';
import { bytesOfPayload, publishPropertiesOfDataType } from './content-type';
import { mqttOriginOf } from './mqtt-send';
import type { MqttProtocolVersion } from './protocol-version';
import { groupToTopic, SERVER_MESSAGES_TOPIC, userEventResponseTopic } from './topics';

/** The subscription a message is delivered under. */
export interface DeliverySubscription {
  grantedQos: MqttQos;
  noLocal?: boolean;
  /** v5 Subscription Identifier, echoed on every matching PUBLISH (mqtt.md §3); one per matching subscription that has one. */
  subscriptionIdentifier?: number | number[];
  /** v5 Retain As Published: a message published retained keeps its retain flag on the way out. */
  retainAsPublished?: boolean;
}

export interface MqttRecipient {
  connectionId: string;
  version: MqttProtocolVersion;
  /**
   * The subscription to the message's topic, when the session made one. Absent for a membership
   * that came without SUBSCRIBE (REST add, `connect` response groups, token groups) and for
   * server messages: nothing then downgrades the QoS the message is published with.
   */
  subscription?: DeliverySubscription;
}

/**
 * Messages that did not come from an MQTT PUBLISH are "published with QoS 1, downgraded by
 * subscription options" (mqtt.md §5), server messages included.
 */
export const CROSS_PROTOCOL_QOS: MqttQos = 1;

/**
 * The PUBLISH for `recipient`, or undefined when it gets none: its own message under No Local,
 * an expired message, or a group whose name cannot be an MQTT topic (topics.ts `groupToTopic`).
 *
 * @param nowMs the delivery time, for the Message Expiry Interval countdown.
 */
export function sendToPublish(send: Send, recipient: MqttRecipient, nowMs: number): OutgoingPublish | undefined {
  // A group stream's terminal frame has no payload, so MQTT has nothing to deliver (client-protocols-2026.md §2.4 rule 11).
  if (send.stream?.endOfStream) return undefined;
  const origin = mqttOriginOf(send);
  const subscription = recipient.subscription;
  const v5 = recipient.version === 5;

  if (origin?.kind === 'userEventResponse') {
    // Delivered with the request's QoS, capped only if the client subscribed to the topic (upstream-events.md §8.4).
    return {
      topic: userEventResponseTopic(origin.event, origin.outcome),
      payload: origin.payload,
      qos: downgrade(origin.qos, subscription),
      retain: false,
      properties: v5 ? nonEmpty(withSubscriptionIdentifier(origin.properties, subscription)) : undefined,
    };
  }

  // No Local and noEcho only ever exclude the sending connection itself (mqtt.md §5).
  if (subscription?.noLocal === true && send.from.kind === 'connection' && send.from.connectionId === recipient.connectionId) {
    return undefined;
  }
  const topic = topicOf(send.target);
  if (topic === undefined) return undefined;

  if (origin?.kind === 'publish') {
    // Expiry holds for every receiver, 3.1.1 ones included (MQTT 5.0 §3.3.2.3.3).
    const expiry = remainingExpiry(origin.properties.messageExpiryInterval, origin.receivedAtMs, nowMs);
    if (expiry === 'expired') return undefined;
    let properties: PublishProperties | undefined;
    if (v5) {
      properties = withSubscriptionIdentifier(origin.properties, subscription);
      if (expiry !== undefined) properties = { ...properties, messageExpiryInterval: expiry };
    }
    // min(publish QoS, subscription QoS): the standard's rule between MQTT clients.
    const retain = origin.retain === true && subscription?.retainAsPublished === true;
    return { topic, payload: origin.payload, qos: downgrade(origin.qos, subscription), retain, properties: nonEmpty(properties) };
  }

  const contentType = publishPropertiesOfDataType(send.payload.dataType, recipient.version);
  return {
    topic,
    payload: bytesOfPayload(send.payload),
    qos: downgrade(CROSS_PROTOCOL_QOS, subscription),
    retain: false,
    properties: contentType === undefined ? undefined : withSubscriptionIdentifier(contentType, subscription),
  };
}

/** A retained message as kept for a topic (MQTT 5.0 §3.3.1.3). */
export interface StoredRetained {
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  properties: PublishProperties;
  /** Epoch ms it was stored, for the Message Expiry countdown. */
  storedAt: number;
}

/**
 * The PUBLISH a new subscription gets for a retained message (§3.3.1.3): retain flag set, QoS
 * downgraded to the subscription's, what is left of its expiry; undefined once it has expired.
 */
export function retainedToPublish(message: StoredRetained, recipient: Omit<MqttRecipient, 'connectionId'>, nowMs: number): OutgoingPublish | undefined {
  const expiry = remainingExpiry(message.properties.messageExpiryInterval, message.storedAt, nowMs);
  if (expiry === 'expired') return undefined;
  let properties: PublishProperties | undefined;
  if (recipient.version === 5) {
    properties = withSubscriptionIdentifier(message.properties, recipient.subscription);
    if (expiry !== undefined) properties = { ...properties, messageExpiryInterval: expiry };
  }
  return { topic: message.topic, payload: message.payload, qos: downgrade(message.qos, recipient.subscription), retain: true, properties: nonEmpty(properties) };
}

/** Group messages go to the group's topic; REST send to all / user / connection to the server topic (mqtt.md §5). */
export function topicOf(target: SendTarget): string | undefined {
  return target.kind === 'group' ? groupToTopic(target.group) : SERVER_MESSAGES_TOPIC;
}

/**
 * Whole seconds left of a Message Expiry Interval, 'expired', or undefined when the message has
 * none. An interval of 0 is treated as no expiry (what Mosquitto does; the standard is silent).
 */
export function remainingExpiry(intervalSeconds: number | undefined, receivedAtMs: number, nowMs: number): number | 'expired' | undefined {
  if (intervalSeconds === undefined || intervalSeconds === 0) return intervalSeconds;
  const elapsedMs = Math.max(0, nowMs - receivedAtMs);
  if (elapsedMs >= intervalSeconds * 1000) return 'expired';
  return intervalSeconds - Math.floor(elapsedMs / 1000);
}

function downgrade(qos: MqttQos, subscription: DeliverySubscription | undefined): MqttQos {
  return subscription === undefined ? qos : minQos(qos, subscription.grantedQos);
}

function withSubscriptionIdentifier(properties: PublishProperties, subscription: DeliverySubscription | undefined): PublishProperties {
  const id = subscription?.subscriptionIdentifier;
  return id === undefined ? properties : { ...properties, subscriptionIdentifier: id };
}

/** Asked once per recipient: a key found ends the look, with no array of keys made. */
function nonEmpty(properties: PublishProperties | undefined): PublishProperties | undefined {
  if (properties === undefined) return undefined;
  for (const _key in properties) return properties;
  return undefined;
}
