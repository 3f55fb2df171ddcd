/**
 * What the gateway answers for each failure, per protocol version, written once
 * (spec/mqtt.md §1 CONNECT validation, §3 SUBSCRIBE, §4 PUBLISH, §2 / §6 server-sent
 * DISCONNECT, §9 limits). The tables name the failure; `answerFailure` turns it into the packet
 * to send.
 */
import type { MqttProtocolVersion } from './protocol-version';
import { ConnackReturnCode as C, ReasonCode as R, SubackReturnCode as S } from './reason-codes';

export type FailureAnswer =
  /** Send CONNACK with this return / reason code, then close the network connection. */
  | { kind: 'connack'; code: number }
  /** This topic filter's entry in the SUBACK. */
  | { kind: 'suback'; code: number }
  /**
   * Do not deliver; answer the PUBLISH with this PUBACK (QoS 1) or PUBREC (QoS 2) reason code.
   * A QoS 0 PUBLISH is dropped silently.
   */
  | { kind: 'puback'; code: number }
  /** 3.1.1: acknowledge as if delivered, but do not deliver (mqtt.md §4: avoids client retry loops). */
  | { kind: 'ackAndDrop' }
  /** 5.0: send DISCONNECT with this reason code, then close. */
  | { kind: 'disconnect'; code: number }
  /** 3.1.1: close the network connection without a packet (3.1.1 has no server DISCONNECT). */
  | { kind: 'close' }
  /** Not a failure on this version: go on as the spec says (e.g. ignore a 3.1.1 will retain flag). */
  | { kind: 'proceed' };

interface VersionAnswers {
  v4: FailureAnswer;
  v5: FailureAnswer;
}

const connack = (code: number): FailureAnswer => ({ kind: 'connack', code });
const suback = (code: number): FailureAnswer => ({ kind: 'suback', code });
const puback = (code: number): FailureAnswer => ({ kind: 'puback', code });
const disconnect = (code: number): FailureAnswer => ({ kind: 'disconnect', code });
const ACK_AND_DROP: FailureAnswer = { kind: 'ackAndDrop' };
const CLOSE: FailureAnswer = { kind: 'close' };
const PROCEED: FailureAnswer = { kind: 'proceed' };

const FAILURE_ANSWERS = {
  /** CONNECT refused (mqtt.md §1 table, §9 last row). */
  connect: {
    unsupportedProtocolVersion: { v4: connack(C.UnacceptableProtocolVersion), v5: connack(R.UnsupportedProtocolVersion) },
    clientIdentifierNotValid: { v4: connack(C.IdentifierRejected), v5: connack(R.ClientIdentifierNotValid) },
    // 3.1.1 only (1–180 s, code unconfirmed); 5.0 accepts any keep alive.
    keepAliveOutOfRange: { v4: connack(C.IdentifierRejected), v5: PROCEED },
    willTopicInvalid: { v4: connack(C.IdentifierRejected), v5: connack(R.TopicNameInvalid) },
    willPayloadTooLarge: { v4: connack(C.IdentifierRejected), v5: connack(R.PacketTooLarge) },
    // 3.1.1: accept and ignore the flag (unconfirmed); 5.0: the standard rule when Retain Available = 0.
    willRetainNotSupported: { v4: PROCEED, v5: connack(R.RetainNotSupported) },
    // Enhanced authentication does not exist in 3.1.1.
    badAuthenticationMethod: { v4: PROCEED, v5: connack(R.BadAuthenticationMethod) },
    /**
     * A missing, invalid or expired access token. The recommended answer is HTTP 401 at the
     * upgrade, before any MQTT (mqtt.md §1); this entry is the unconfirmed alternative.
     */
    tokenInvalid: { v4: connack(C.NotAuthorized), v5: connack(R.NotAuthorized) },
    notAuthorized: { v4: connack(C.NotAuthorized), v5: connack(R.NotAuthorized) },
    badUserNameOrPassword: { v4: connack(C.BadUserNameOrPassword), v5: connack(R.BadUserNameOrPassword) },
    /** Over the configured connection limit (mqtt.md §9). */
    quotaExceeded: { v4: connack(C.ServerUnavailable), v5: connack(R.QuotaExceeded) },
    /** Shutting down or not ready to take sessions. */
    serverUnavailable: { v4: connack(C.ServerUnavailable), v5: connack(R.ServerUnavailable) },
    /** The `connect` handler failed with 5xx or timed out (upstream-events.md §8.1). */
    upstreamError: { v4: connack(C.ServerUnavailable), v5: connack(R.UnspecifiedError) },
  },
  /** One topic filter of a SUBSCRIBE (mqtt.md §3 SUBSCRIBE table; 3.1.1 has a single failure code). */
  subscribe: {
    notAuthorized: { v4: suback(S.Failure), v5: suback(R.NotAuthorized) },
    wildcardSubscriptionsNotSupported: { v4: suback(S.Failure), v5: suback(R.WildcardSubscriptionsNotSupported) },
    sharedSubscriptionsNotSupported: { v4: suback(S.Failure), v5: suback(R.SharedSubscriptionsNotSupported) },
    topicFilterInvalid: { v4: suback(S.Failure), v5: suback(R.TopicFilterInvalid) },
    quotaExceeded: { v4: suback(S.Failure), v5: suback(R.QuotaExceeded) },
  },
  /** A PUBLISH from a client (mqtt.md §4 table). */
  publish: {
    /** Empty topic, `+`/`#`, or U+0000: a protocol error (MQTT 5.0 §4.7.3). */
    topicNameInvalid: { v4: CLOSE, v5: disconnect(R.TopicNameInvalid) },
    topicAliasInvalid: { v4: CLOSE, v5: disconnect(R.TopicAliasInvalid) },
    /** E.g. a Subscription Identifier from a client (MQTT 5.0 §3.3.4 [MQTT-3.3.4-6]). */
    protocolError: { v4: CLOSE, v5: disconnect(R.ProtocolError) },
    // 3.1.1: deliver as non-retained (unconfirmed).
    retainNotSupported: { v4: PROCEED, v5: disconnect(R.RetainNotSupported) },
    /** Well-formed MQTT but not a group name (blank, over 1024 characters): "not accepted" (MQTT 5.0 §3.4.2.1). */
    topicNameNotAccepted: { v4: ACK_AND_DROP, v5: puback(R.TopicNameInvalid) },
    /** Also other `$` topics, refused "like an unauthorised publish" (mqtt.md §3). */
    notAuthorized: { v4: ACK_AND_DROP, v5: puback(R.NotAuthorized) },
    /** Payload Format Indicator 1 on bytes that are not UTF-8 (MQTT 5.0 §3.3.2.3.2). */
    payloadFormatInvalid: { v4: ACK_AND_DROP, v5: puback(R.PayloadFormatInvalid) },
    /** A user event whose Content Type cannot be an HTTP Content-Type (upstream-events.md §8.4). */
    contentTypeInvalid: { v4: ACK_AND_DROP, v5: puback(R.ImplementationSpecificError) },
    quotaExceeded: { v4: ACK_AND_DROP, v5: puback(R.QuotaExceeded) },
    packetTooLarge: { v4: CLOSE, v5: disconnect(R.PacketTooLarge) },
  },
  /** The server ends a network connection (mqtt.md §2, §6; 3.1.1 connections are just closed). */
  disconnect: {
    sessionTakenOver: { v4: CLOSE, v5: disconnect(R.SessionTakenOver) },
    keepAliveTimeout: { v4: CLOSE, v5: disconnect(R.KeepAliveTimeout) },
    serverShuttingDown: { v4: CLOSE, v5: disconnect(R.ServerShuttingDown) },
    /** REST close connection / close connections (code unconfirmed). */
    administrativeAction: { v4: CLOSE, v5: disconnect(R.AdministrativeAction) },
    protocolError: { v4: CLOSE, v5: disconnect(R.ProtocolError) },
    malformedPacket: { v4: CLOSE, v5: disconnect(R.MalformedPacket) },
    packetTooLarge: { v4: CLOSE, v5: disconnect(R.PacketTooLarge) },
    receiveMaximumExceeded: { v4: CLOSE, v5: disconnect(R.ReceiveMaximumExceeded) },
    /** The per-connection buffer of a slow consumer is full. */
    quotaExceeded: { v4: CLOSE, v5: disconnect(R.QuotaExceeded) },
    unspecifiedError: { v4: CLOSE, v5: disconnect(R.UnspecifiedError) },
  },
} as const satisfies Record<string, Record<string, VersionAnswers>>;

export type FailureStage = keyof typeof FAILURE_ANSWERS;
export type ConnectFailure = keyof (typeof FAILURE_ANSWERS)['connect'];
export type SubscribeFailure = keyof (typeof FAILURE_ANSWERS)['subscribe'];
export type PublishFailure = keyof (typeof FAILURE_ANSWERS)['publish'];
export type DisconnectReason = keyof (typeof FAILURE_ANSWERS)['disconnect'];
export type FailureOf<Stage extends FailureStage> = keyof (typeof FAILURE_ANSWERS)[Stage];

/** What to send for `failure` at `stage` to a client of `version`. */
export function answerFailure<Stage extends FailureStage>(
  stage: Stage,
  failure: FailureOf<Stage>,
  version: MqttProtocolVersion,
): FailureAnswer {
  const answers = (FAILURE_ANSWERS[stage] as Record<FailureOf<Stage>, VersionAnswers>)[failure];
  return version === 5 ? answers.v5 : answers.v4;
}

/** The CONNACK code for a refused CONNECT, or undefined when the version accepts it. */
export function connackCodeFor(failure: ConnectFailure, version: MqttProtocolVersion): number | undefined {
  const answer = answerFailure('connect', failure, version);
  return answer.kind === 'connack' ? answer.code : undefined;
}

/** The SUBACK entry for a refused topic filter. */
export function subackCodeFor(failure: SubscribeFailure, version: MqttProtocolVersion): number {
  const answer = answerFailure('subscribe', failure, version);
  // Every subscribe entry is a SUBACK; the fallback only satisfies the type checker.
  return answer.kind === 'suback' ? answer.code : S.Failure;
}
