/**
 * The shape of an MQTT application message as the mapping sees it: what a PUBLISH (or a will)
 * carries in, and what a PUBLISH to a subscriber carries out. Property names are those of the
 * MQTT.js / mqtt-packet packet objects so the gateway copies them across as they are; bytes are
 * Uint8Array (a Node Buffer is one).
 */
import type { MqttProtocolVersion } from './protocol-version';

export type MqttQos = 0 | 1 | 2;

/** v5 User Property; order and repeated names are significant (MQTT 5.0 §3.3.2.3.7). */
export interface UserProperty {
  name: string;
  value: string;
}

/** v5 PUBLISH properties (MQTT 5.0 §3.3.2.3). Absent on every 3.1.1 packet. */
export interface PublishProperties {
  /** true: the payload is UTF-8 character data (indicator 1). */
  payloadFormatIndicator?: boolean;
  /** Seconds; on the way out, what is left of it (§3.3.2.3.3). */
  messageExpiryInterval?: number;
  /** Refused on the way in (mqtt.md §4); never sent. */
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: readonly UserProperty[];
  /** On the way out: the identifier of each receiving subscription (mqtt.md §3; several when filters overlap). */
  subscriptionIdentifier?: number | number[];
  contentType?: string;
}

/** A PUBLISH received from a client. */
export interface IncomingPublish {
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  retain: boolean;
  /** Read only when the sender speaks 5.0. */
  properties?: PublishProperties;
}

/** A PUBLISH to send to a subscriber; the gateway adds packet id and DUP. */
export interface OutgoingPublish {
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  /**
   * 0 on an Azure-like hub (mqtt.md §5); set for a retained message sent on subscribe, and on a
   * live one published retained to a Retain As Published subscription.
   */
  retain: boolean;
  /** Only for 5.0 receivers; undefined when there is nothing to send. */
  properties?: PublishProperties;
}

/** Effective QoS of a delivery: the lower of the two (MQTT 5.0 §4.3 / mqtt.md §5). */
export function minQos(a: MqttQos, b: MqttQos): MqttQos {
  return a < b ? a : b;
}

export function maxQos(a: MqttQos, b: MqttQos): MqttQos {
  return a > b ? a : b;
}

/** The v5 properties as read from a packet: a 3.1.1 packet has none, whatever the decoder left. */
export function propertiesOf(version: MqttProtocolVersion, properties: PublishProperties | undefined): PublishProperties {
  return version === 5 && properties !== undefined ? properties : {};
}
