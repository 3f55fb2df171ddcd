/**
 * The will message (spec/mqtt.md §1 CONNECT validation, §6 "Will", §9 limits): checked at
 * CONNECT, stored with the session, published to its topic (= group) like a PUBLISH when the
 * network connection ends without a normal DISCONNECT.
 */
import { groupNameProblem } from '../native/group-name';
import type { IncomingPublish, MqttQos, PublishProperties } from './application-message';
import { answerFailure, type ConnectFailure } from './failure-answers';
import type { MqttProtocolVersion } from './protocol-version';
import { ReasonCode } from './reason-codes';
import { topicNameProblem } from './topics';

export const MAX_WILL_PAYLOAD_BYTES = 2000;

export interface WillProperties extends PublishProperties {
  /** Seconds to wait before publishing (MQTT 5.0 §3.1.3.2.2). */
  willDelayInterval?: number;
}

export interface Will {
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  retain: boolean;
  /** 5.0 only. */
  properties?: WillProperties;
}

export type WillCheck =
  | { ok: true; will: Will }
  | { ok: false; failure: Extract<ConnectFailure, 'willTopicInvalid' | 'willPayloadTooLarge' | 'willRetainNotSupported'>; problem: string };

/**
 * Topic: non-empty, not blank, at most 1024 characters, no `+`/`#`; payload at most 2000
 * bytes; retain refused on 5.0 and ignored on 3.1.1 (the stored will then has retain 0), unless
 * the hub keeps retained messages (`retainAvailable`): then the will is retained when published.
 */
export function checkWill(will: Will, version: MqttProtocolVersion, retainAvailable = false): WillCheck {
  const topicProblem = topicNameProblem(will.topic) ?? groupNameProblem(will.topic);
  if (topicProblem !== null) return { ok: false, failure: 'willTopicInvalid', problem: `will topic: ${topicProblem}` };
  if (will.payload.length > MAX_WILL_PAYLOAD_BYTES) {
    return { ok: false, failure: 'willPayloadTooLarge', problem: `will payload must be at most ${MAX_WILL_PAYLOAD_BYTES} bytes` };
  }
  if (will.retain && !retainAvailable) {
    if (answerFailure('connect', 'willRetainNotSupported', version).kind !== 'proceed') {
      return { ok: false, failure: 'willRetainNotSupported', problem: 'retained messages are not supported' };
    }
    return { ok: true, will: { ...will, retain: false } };
  }
  return { ok: true, will };
}

/** The will as the PUBLISH it becomes; its properties apply as for a PUBLISH (mqtt.md §6). */
export function willToPublish(will: Will): IncomingPublish {
  const publish: IncomingPublish = { topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain };
  if (will.properties !== undefined) {
    const { willDelayInterval: _delay, ...properties } = will.properties;
    publish.properties = properties;
  }
  return publish;
}

/**
 * Whether the will is published when the network connection ends. Not after a client
 * DISCONNECT with 0x00 (or any 3.1.1 DISCONNECT, which has no code); published after 0x04
 * Disconnect with Will Message and any error code, and when there was no DISCONNECT at all
 * (network loss, keep-alive timeout, protocol error, server close, take-over) (mqtt.md §6,
 * MQTT 5.0 §3.1.2.5).
 *
 * @param clientDisconnectCode the reason code of the client's DISCONNECT (0 for 3.1.1), or
 *   undefined when the client sent none.
 */
export function willIsPublished(clientDisconnectCode: number | undefined): boolean {
  return clientDisconnectCode !== undefined ? clientDisconnectCode !== ReasonCode.NormalDisconnection : true;
}

/**
 * How long to wait before publishing: the Will Delay Interval, but at the latest when the
 * session ends (mqtt.md §6, MQTT 5.0 §3.1.3.2.2). A session resumed earlier cancels the will.
 */
export function willDelayMs(will: Will, sessionExpirySeconds: number): number {
  const delay = will.properties?.willDelayInterval ?? 0;
  return Math.min(delay, sessionExpirySeconds) * 1000;
}
