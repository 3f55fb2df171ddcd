/**
 * Hub settings in the shape of Azure's hub resource (`Microsoft.SignalRService/webPubSub/hubs`
 * properties), so an admin can paste the JSON they already use with Azure
 * (spec/upstream-events.md §1).
 */
export const SYSTEM_EVENTS = ['connect', 'connected', 'disconnected'] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

export const ANONYMOUS_CONNECT_POLICIES = ['allow', 'deny'] as const;
export type AnonymousConnectPolicy = (typeof ANONYMOUS_CONNECT_POLICIES)[number];

export const EVENT_HANDLER_AUTH_TYPES = ['None', 'ManagedIdentity'] as const;
export type EventHandlerAuthType = (typeof EVENT_HANDLER_AUTH_TYPES)[number];

export interface EventHandlerAuth {
  type: EventHandlerAuthType;
  managedIdentity?: { resource?: string };
}

/** Group presence events (client-protocols-2026.md §3), ARM's `GroupPresenceEventFilters`. */
export const PRESENCE_EVENTS = ['joined', 'left'] as const;
export type PresenceEvent = (typeof PRESENCE_EVENTS)[number];

export interface GroupPresenceEvents {
  eventNames: PresenceEvent[];
  /** Group names or patterns (`room-*`, the grammar of pattern roles); absent or empty: every group. */
  groupFilters?: string[];
}

export interface EventHandlerSettings {
  urlTemplate: string;
  userEventPattern?: string;
  systemEvents?: SystemEvent[];
  /** Absent or null: this handler gets no presence events. */
  groupPresenceEvents?: GroupPresenceEvents | null;
  auth?: EventHandlerAuth;
}

/**
 * MQTT features beyond Azure's, each off by default so that a hub behaves as Azure does until an
 * admin switches one on (issue "MQTT beyond Azure").
 */
export interface MqttHubSettings {
  /** `+` and `#` in topic filters (MQTT 5.0 §4.7). */
  wildcardSubscriptions: boolean;
  /** `$share/{name}/{filter}`: each message to one member of the share (MQTT 5.0 §4.8.2). */
  sharedSubscriptions: boolean;
  /** The retain flag keeps a topic's last message for later subscribers (MQTT 5.0 §3.3.1.3). */
  retainedMessages: boolean;
  /** Topic aliases a client may set towards the server (MQTT 5.0 §3.3.2.3.4); 0: none. */
  topicAliasMaximum: number;
  /** The longest Session Expiry Interval granted; Azure keeps a session 30 s at most. */
  maxSessionExpirySeconds: number;
}

export const TOPIC_ALIAS_MAXIMUM_LIMIT = 65535;
/** Azure keeps a disconnected MQTT session this long at most; hubs that allow longer keep sessions in the database. */
export const AZURE_SESSION_EXPIRY_SECONDS = 30;
/** Seven days. */
export const MAX_SESSION_EXPIRY_LIMIT_SECONDS = 604_800;

/** Sessions allowed to outlive Azure's 30 s are kept in the database. */
export function keepsDurableSessions(mqtt: MqttHubSettings): boolean {
  return mqtt.maxSessionExpirySeconds > AZURE_SESSION_EXPIRY_SECONDS;
}

/** Whether the hub enables anything beyond Azure. */
export function hasBrokerFeatures(mqtt: MqttHubSettings): boolean {
  return mqtt.wildcardSubscriptions || mqtt.sharedSubscriptions || mqtt.retainedMessages || mqtt.topicAliasMaximum > 0 || keepsDurableSessions(mqtt);
}

export function defaultMqttHubSettings(): MqttHubSettings {
  return { wildcardSubscriptions: false, sharedSubscriptions: false, retainedMessages: false, topicAliasMaximum: 0, maxSessionExpirySeconds: AZURE_SESSION_EXPIRY_SECONDS };
}

export interface HubProperties {
  eventHandlers: EventHandlerSettings[];
  anonymousConnectPolicy: AnonymousConnectPolicy;
  webSocketKeepAliveIntervalInSeconds: number;
  mqtt: MqttHubSettings;
}

/**
 * Whether an event handler passed abuse protection (spec/upstream-events.md §2), as this node last
 * saw it. `unchecked`: not probed since this node started; it is probed before its first event.
 * `invalid` handlers receive no events.
 */
export interface EventHandlerStatus {
  urlTemplate: string;
  validation: 'valid' | 'invalid' | 'unchecked';
  /** Azure's error name, e.g. `AbuseProtectionResponseMissingAllowedOrigin`. */
  error?: string;
  message?: string;
  /** ISO time of the last probe. */
  checkedAt?: string;
}

/** What GET /admin/api/hubs/{hub} answers; `stored` is false for an implicit hub. */
export interface HubResource {
  name: string;
  stored: boolean;
  properties: HubProperties;
  updatedAt?: string;
  /** One entry per event handler, in order; absent when the hub has none. */
  eventHandlerStatus?: EventHandlerStatus[];
}

/** The body of PUT /admin/api/hubs/{hub}: every property may be omitted and takes its default. */
export interface HubSettingsBody {
  properties?: Partial<Omit<HubProperties, 'mqtt'>> & { mqtt?: Partial<MqttHubSettings> };
}

export const KEEP_ALIVE_MIN_SECONDS = 1;
export const KEEP_ALIVE_MAX_SECONDS = 120;

/** Azure's defaults for a hub nobody configured: hubs are implicit. */
export function defaultHubProperties(): HubProperties {
  return { eventHandlers: [], anonymousConnectPolicy: 'deny', webSocketKeepAliveIntervalInSeconds: 20, mqtt: defaultMqttHubSettings() };
}

/** Each omitted property, and each omitted MQTT setting, takes its default. */
export function withHubDefaults(properties: HubSettingsBody['properties'] | undefined): HubProperties {
  const { mqtt, ...rest } = properties ?? {};
  return { ...defaultHubProperties(), ...rest, mqtt: { ...defaultMqttHubSettings(), ...(mqtt ?? {}) } };
}
