/**
 * A Send that started as MQTT carries what an MQTT receiver needs beyond the Web PubSub payload.
 * MQTT-to-MQTT delivery preserves the original bytes and properties even when the native
 * data type fell back to `binary` (mqtt.md §4), and a user event response goes to a topic no
 * Send target names (upstream-events.md §8.4). The router passes `mqtt` through untouched; native
 * receivers ignore it.
 */
import type { Send } from '../messaging/send';
import type { MqttQos, PublishProperties } from './application-message';
import type { UserEventOutcome } from './topics';

export type MqttOrigin =
  /** A client PUBLISH or a will message (mqtt.md §4, §6). */
  | {
      kind: 'publish';
      qos: MqttQos;
      payload: Uint8Array;
      /** As published, minus Topic Alias and Subscription Identifier; {} from a 3.1.1 sender. */
      properties: PublishProperties;
      /** When the server received it, for the Message Expiry Interval countdown (MQTT 5.0 §3.3.2.3.3). */
      receivedAtMs: number;
      /** Published with the retain flag on a hub that keeps retained messages: Retain As Published shows it. */
      retain?: boolean;
    }
  /** The event handler's answer to an MQTT user event, for the client that sent it. */
  | {
      kind: 'userEventResponse';
      event: string;
      outcome: UserEventOutcome;
      /** The request's QoS (upstream-events.md §8.4). */
      qos: MqttQos;
      payload: Uint8Array;
      properties: PublishProperties;
    };

export interface MqttSend extends Send {
  mqtt?: MqttOrigin;
}

export function mqttOriginOf(send: Send): MqttOrigin | undefined {
  return (send as MqttSend).mqtt;
}
