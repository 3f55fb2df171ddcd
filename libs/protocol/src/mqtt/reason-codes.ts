/**
 * Every return code and reason code the gateway may put on the wire, in one place
 * (spec/mqtt.md §7, names per the OASIS standards). What to answer for a given failure is in
 * failure-answers.ts.
 */

/** CONNACK return codes of MQTT 3.1.1 (§3.2.2.3, Table 3.1). */
export const ConnackReturnCode = {
  Accepted: 0,
  UnacceptableProtocolVersion: 1,
  IdentifierRejected: 2,
  ServerUnavailable: 3,
  BadUserNameOrPassword: 4,
  NotAuthorized: 5,
} as const;

/** SUBACK return codes of MQTT 3.1.1 (§3.9.3): the granted QoS, or one failure code. */
export const SubackReturnCode = {
  GrantedQoS0: 0x00,
  GrantedQoS1: 0x01,
  GrantedQoS2: 0x02,
  Failure: 0x80,
} as const;

/**
 * MQTT 5.0 reason codes (§2.4, Table 2-6). 0x00 has three names depending on the packet; all
 * three are listed so call sites read like the standard.
 */
export const ReasonCode = {
  Success: 0x00,
  NormalDisconnection: 0x00,
  GrantedQoS0: 0x00,
  GrantedQoS1: 0x01,
  GrantedQoS2: 0x02,
  DisconnectWithWillMessage: 0x04,
  NoMatchingSubscribers: 0x10,
  NoSubscriptionExisted: 0x11,
  ContinueAuthentication: 0x18,
  ReAuthenticate: 0x19,
  UnspecifiedError: 0x80,
  MalformedPacket: 0x81,
  ProtocolError: 0x82,
  ImplementationSpecificError: 0x83,
  UnsupportedProtocolVersion: 0x84,
  ClientIdentifierNotValid: 0x85,
  BadUserNameOrPassword: 0x86,
  NotAuthorized: 0x87,
  ServerUnavailable: 0x88,
  ServerBusy: 0x89,
  Banned: 0x8a,
  ServerShuttingDown: 0x8b,
  BadAuthenticationMethod: 0x8c,
  KeepAliveTimeout: 0x8d,
  SessionTakenOver: 0x8e,
  TopicFilterInvalid: 0x8f,
  TopicNameInvalid: 0x90,
  PacketIdentifierInUse: 0x91,
  PacketIdentifierNotFound: 0x92,
  ReceiveMaximumExceeded: 0x93,
  TopicAliasInvalid: 0x94,
  PacketTooLarge: 0x95,
  MessageRateTooHigh: 0x96,
  QuotaExceeded: 0x97,
  AdministrativeAction: 0x98,
  PayloadFormatInvalid: 0x99,
  RetainNotSupported: 0x9a,
  QoSNotSupported: 0x9b,
  UseAnotherServer: 0x9c,
  ServerMoved: 0x9d,
  SharedSubscriptionsNotSupported: 0x9e,
  ConnectionRateExceeded: 0x9f,
  MaximumConnectTime: 0xa0,
  SubscriptionIdentifiersNotSupported: 0xa1,
  WildcardSubscriptionsNotSupported: 0xa2,
} as const;

export type ReasonCodeName = keyof typeof ReasonCode;

/** The v5 packets that carry a reason code. */
export type ReasonCodePacket = 'CONNACK' | 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP' | 'SUBACK' | 'UNSUBACK' | 'DISCONNECT' | 'AUTH';

const R = ReasonCode;
const ERROR_ACKS = ['PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK'] as const;

/**
 * Which packets each code may appear in (MQTT 5.0 Table 2-6). Used to vet codes Switchboard did
 * not choose itself, e.g. `mqtt.code` from a `connect` handler (upstream-events.md §8.1).
 */
const PACKETS_BY_CODE: ReadonlyMap<number, readonly ReasonCodePacket[]> = new Map<number, readonly ReasonCodePacket[]>([
  [R.Success, ['CONNACK', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'UNSUBACK', 'AUTH', 'DISCONNECT', 'SUBACK']],
  [R.GrantedQoS1, ['SUBACK']],
  [R.GrantedQoS2, ['SUBACK']],
  [R.DisconnectWithWillMessage, ['DISCONNECT']],
  [R.NoMatchingSubscribers, ['PUBACK', 'PUBREC']],
  [R.NoSubscriptionExisted, ['UNSUBACK']],
  [R.ContinueAuthentication, ['AUTH']],
  [R.ReAuthenticate, ['AUTH']],
  [R.UnspecifiedError, ['CONNACK', ...ERROR_ACKS, 'DISCONNECT']],
  [R.MalformedPacket, ['CONNACK', 'DISCONNECT']],
  [R.ProtocolError, ['CONNACK', 'DISCONNECT']],
  [R.ImplementationSpecificError, ['CONNACK', ...ERROR_ACKS, 'DISCONNECT']],
  [R.UnsupportedProtocolVersion, ['CONNACK']],
  [R.ClientIdentifierNotValid, ['CONNACK']],
  [R.BadUserNameOrPassword, ['CONNACK']],
  [R.NotAuthorized, ['CONNACK', ...ERROR_ACKS, 'DISCONNECT']],
  [R.ServerUnavailable, ['CONNACK']],
  [R.ServerBusy, ['CONNACK', 'DISCONNECT']],
  [R.Banned, ['CONNACK']],
  [R.ServerShuttingDown, ['DISCONNECT']],
  [R.BadAuthenticationMethod, ['CONNACK', 'DISCONNECT']],
  [R.KeepAliveTimeout, ['DISCONNECT']],
  [R.SessionTakenOver, ['DISCONNECT']],
  [R.TopicFilterInvalid, ['SUBACK', 'UNSUBACK', 'DISCONNECT']],
  [R.TopicNameInvalid, ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT']],
  [R.PacketIdentifierInUse, ERROR_ACKS],
  [R.PacketIdentifierNotFound, ['PUBREL', 'PUBCOMP']],
  [R.ReceiveMaximumExceeded, ['DISCONNECT']],
  [R.TopicAliasInvalid, ['DISCONNECT']],
  [R.PacketTooLarge, ['CONNACK', 'DISCONNECT']],
  [R.MessageRateTooHigh, ['DISCONNECT']],
  [R.QuotaExceeded, ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'DISCONNECT']],
  [R.AdministrativeAction, ['DISCONNECT']],
  [R.PayloadFormatInvalid, ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT']],
  [R.RetainNotSupported, ['CONNACK', 'DISCONNECT']],
  [R.QoSNotSupported, ['CONNACK', 'DISCONNECT']],
  [R.UseAnotherServer, ['CONNACK', 'DISCONNECT']],
  [R.ServerMoved, ['CONNACK', 'DISCONNECT']],
  [R.SharedSubscriptionsNotSupported, ['SUBACK', 'DISCONNECT']],
  [R.ConnectionRateExceeded, ['CONNACK', 'DISCONNECT']],
  [R.MaximumConnectTime, ['DISCONNECT']],
  [R.SubscriptionIdentifiersNotSupported, ['SUBACK', 'DISCONNECT']],
  [R.WildcardSubscriptionsNotSupported, ['SUBACK', 'DISCONNECT']],
]);

/** Whether the standard allows `code` in `packet` (MQTT 5.0 Table 2-6). */
export function isReasonCodeFor(packet: ReasonCodePacket, code: number): boolean {
  return PACKETS_BY_CODE.get(code)?.includes(packet) ?? false;
}

/** Codes at or above 0x80 report failure (MQTT 5.0 §2.4). */
export function isFailureReasonCode(code: number): boolean {
  return code >= 0x80;
}

/** A refusal code of a 3.1.1 CONNACK: 1 to 5 (0 is acceptance). */
export function isConnackRefusalReturnCode(code: number): boolean {
  return Number.isInteger(code) && code >= ConnackReturnCode.UnacceptableProtocolVersion && code <= ConnackReturnCode.NotAuthorized;
}

/** A refusal code of a 5.0 CONNACK: a failure code Table 2-6 allows in CONNACK. */
export function isConnackRefusalReasonCode(code: number): boolean {
  return isFailureReasonCode(code) && isReasonCodeFor('CONNACK', code);
}

/** The standard's name of a 5.0 code in a given packet, for logs and dashboards. */
export function reasonCodeName(packet: ReasonCodePacket, code: number): string | undefined {
  if (!isReasonCodeFor(packet, code)) return undefined;
  if (code === R.Success) {
    if (packet === 'DISCONNECT') return 'NormalDisconnection';
    if (packet === 'SUBACK') return 'GrantedQoS0';
    return 'Success';
  }
  for (const [name, value] of Object.entries(ReasonCode)) {
    if (value === code) return name;
  }
  return undefined;
}
