/**
 * CONNECT validation and the CONNACK that accepts it (spec/mqtt.md §1 "CONNECT validation",
 * §2 "CONNACK on success"). Token and `connect` handler come on top of this: the token at the
 * upgrade, the handler after these checks pass (upstream-connect.ts).
 */
import type { UserProperty } from './application-message';
import { connackCodeFor, type ConnectFailure } from './failure-answers';
import { isSupportedProtocolLevel, refusalVersionFor, type MqttProtocolVersion } from './protocol-version';
import { ReasonCode } from './reason-codes';
import {
  DEFAULT_MAX_SESSION_EXPIRY_SECONDS,
  assignClientId,
  keepAliveProblem,
  keepAliveTimeoutMs,
  negotiateKeepAlive,
  resolveClientId,
  sessionExpiryOnConnect,
} from './session';
import { checkWill, type Will } from './will';

export interface ConnectRequest {
  /** The CONNECT protocol level as received (3, 4, 5...). */
  protocolLevel: number;
  clientId: string;
  /** Clean start (5.0) / clean session (3.1.1). */
  cleanStart: boolean;
  keepAlive: number;
  /** 5.0 only. */
  properties?: { sessionExpiryInterval?: number; authenticationMethod?: string };
  will?: Will;
}

export interface ConnectLimits {
  /** Longest session retention; 30 s by default (mqtt.md §9). */
  maxSessionExpirySeconds?: number;
  /** 5.0 Server Keep Alive to impose, if any (mqtt.md §1: MAY). */
  serverKeepAlive?: number;
  /** The hub keeps retained messages: a will's retain flag is taken, not refused. */
  retainAvailable?: boolean;
}

export type ConnectCheck =
  | {
      ok: true;
      version: MqttProtocolVersion;
      clientId: string;
      keepAlive: number;
      /** Close after this long without a packet; undefined when keep alive is off. */
      keepAliveTimeoutMs: number | undefined;
      sessionExpirySeconds: number;
      /** Retain flag cleared when 3.1.1 ignored it. */
      will?: Will;
      /** The negotiated 5.0 CONNACK properties; pass them to `connackProperties`. */
      negotiated: NegotiatedConnackProperties;
    }
  | {
      ok: false;
      /** The CONNACK layout to answer with (an unsupported level has none of its own). */
      version: MqttProtocolVersion;
      failure: ConnectFailure;
      problem: string;
      /** The CONNACK return / reason code; close after sending it. */
      code: number;
    };

export interface NegotiatedConnackProperties {
  assignedClientIdentifier?: string;
  sessionExpiryInterval?: number;
  serverKeepAlive?: number;
}

/** Checks in the order of the mqtt.md §1 table. */
export function checkConnect(request: ConnectRequest, limits: ConnectLimits = {}, assign: () => string = assignClientId): ConnectCheck {
  const level = request.protocolLevel;
  if (!isSupportedProtocolLevel(level)) {
    return refuse(refusalVersionFor(level), 'unsupportedProtocolVersion', `protocol level ${level} is not supported`);
  }
  const version = level;
  if (version === 5 && request.properties?.authenticationMethod !== undefined) {
    return refuse(version, 'badAuthenticationMethod', 'enhanced authentication is not supported');
  }
  const clientId = resolveClientId(request.clientId, version, assign);
  if (!clientId.ok) return refuse(version, 'clientIdentifierNotValid', clientId.problem);
  const keepAliveRefusal = keepAliveProblem(request.keepAlive, version);
  if (keepAliveRefusal !== null) return refuse(version, 'keepAliveOutOfRange', keepAliveRefusal);
  let will: Will | undefined;
  if (request.will !== undefined) {
    const checked = checkWill(request.will, version, limits.retainAvailable === true);
    if (!checked.ok) return refuse(version, checked.failure, checked.problem);
    will = checked.will;
  }

  const keepAlive = negotiateKeepAlive(request.keepAlive, version, limits.serverKeepAlive);
  const expiry = sessionExpiryOnConnect(
    version,
    request.cleanStart,
    request.properties?.sessionExpiryInterval,
    limits.maxSessionExpirySeconds ?? DEFAULT_MAX_SESSION_EXPIRY_SECONDS,
  );
  const negotiated: NegotiatedConnackProperties = {};
  if (clientId.assigned) negotiated.assignedClientIdentifier = clientId.clientId;
  if (expiry.announced !== undefined) negotiated.sessionExpiryInterval = expiry.announced;
  if (keepAlive.serverKeepAlive !== undefined) negotiated.serverKeepAlive = keepAlive.serverKeepAlive;
  const accepted: ConnectCheck = {
    ok: true,
    version,
    clientId: clientId.clientId,
    keepAlive: keepAlive.keepAlive,
    keepAliveTimeoutMs: keepAliveTimeoutMs(keepAlive.keepAlive),
    sessionExpirySeconds: expiry.seconds,
    negotiated,
  };
  if (will !== undefined) accepted.will = will;
  return accepted;
}

function refuse(version: MqttProtocolVersion, failure: ConnectFailure, problem: string): ConnectCheck {
  // Only failures the version refuses reach here (the table's `proceed` entries are never raised).
  return { ok: false, version, failure, problem, code: connackCodeFor(failure, version) ?? ReasonCode.UnspecifiedError };
}

/** The v5 CONNACK properties of an accepted connection, named as in mqtt-packet. */
export interface ConnackProperties {
  sessionExpiryInterval?: number;
  receiveMaximum?: number;
  maximumPacketSize?: number;
  assignedClientIdentifier?: string;
  serverKeepAlive?: number;
  retainAvailable: boolean;
  wildcardSubscriptionAvailable: boolean;
  sharedSubscriptionAvailable: boolean;
  subscriptionIdentifiersAvailable: true;
  topicAliasMaximum?: number;
  responseInformation?: string;
  userProperties?: UserProperty[];
}

/** What a hub enables beyond Azure (hub-settings.ts `mqtt`); all off for an Azure-like hub. */
export interface AdvertisedFeatures {
  wildcardSubscriptions: boolean;
  sharedSubscriptions: boolean;
  retainedMessages: boolean;
  topicAliasMaximum: number;
}

const AZURE_FEATURES: AdvertisedFeatures = { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0 };

/**
 * What Switchboard advertises (mqtt.md §2 "CONNACK on success"; Azure's exact set is
 * unconfirmed): retain, wildcard and shared subscriptions as the hub enables them (none on an
 * Azure-like hub), subscription identifiers yes. Topic Alias Maximum is omitted when 0, its
 * default; Maximum QoS is omitted (2).
 */
export function connackProperties(
  negotiated: NegotiatedConnackProperties,
  options: { receiveMaximum?: number; maximumPacketSize?: number; userProperties?: UserProperty[]; features?: AdvertisedFeatures; responseInformation?: string } = {},
): ConnackProperties {
  const features = options.features ?? AZURE_FEATURES;
  const properties: ConnackProperties = {
    ...negotiated,
    retainAvailable: features.retainedMessages,
    wildcardSubscriptionAvailable: features.wildcardSubscriptions,
    sharedSubscriptionAvailable: features.sharedSubscriptions,
    subscriptionIdentifiersAvailable: true,
  };
  if (features.topicAliasMaximum > 0) properties.topicAliasMaximum = features.topicAliasMaximum;
  if (options.receiveMaximum !== undefined) properties.receiveMaximum = options.receiveMaximum;
  if (options.maximumPacketSize !== undefined) properties.maximumPacketSize = options.maximumPacketSize;
  if (options.responseInformation !== undefined) properties.responseInformation = options.responseInformation;
  if (options.userProperties !== undefined && options.userProperties.length > 0) properties.userProperties = options.userProperties;
  return properties;
}
