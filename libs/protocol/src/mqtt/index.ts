/** The MQTT ↔ Web PubSub mapping (spec/mqtt.md): pure functions and tables for the MQTT gateway. */
export { MQTT_3_1_1, MQTT_5, isSupportedProtocolLevel, refusalVersionFor } from './protocol-version';
export type { MqttProtocolVersion } from './protocol-version';
export { maxQos, minQos, propertiesOf } from './application-message';
export type { IncomingPublish, MqttQos, OutgoingPublish, PublishProperties, UserProperty } from './application-message';
export {
  ConnackReturnCode,
  ReasonCode,
  SubackReturnCode,
  isConnackRefusalReasonCode,
  isConnackRefusalReturnCode,
  isFailureReasonCode,
  isReasonCodeFor,
  reasonCodeName,
} from './reason-codes';
export type { ReasonCodeName, ReasonCodePacket } from './reason-codes';
export { answerFailure, connackCodeFor, subackCodeFor } from './failure-answers';
export type {
  ConnectFailure,
  DisconnectReason,
  FailureAnswer,
  FailureOf,
  FailureStage,
  PublishFailure,
  SubscribeFailure,
} from './failure-answers';
export {
  MAX_TOPIC_LENGTH,
  RESERVED_TOPIC_PREFIX,
  SERVER_MESSAGES_TOPIC,
  SHARED_SUBSCRIPTION_PREFIX,
  USER_EVENT_TOPIC_PREFIX,
  classifyPublishTopic,
  classifyTopicFilter,
  groupToTopic,
  isServerToClientTopic,
  parseUserEventResponseTopic,
  parseUserEventTopic,
  topicNameProblem,
  topicToGroup,
  userEventNameProblem,
  userEventResponseTopic,
  userEventTopic,
} from './topics';
export type { FilterFeatures, FilterTarget, PublishTopic, TopicFilter, UserEventOutcome } from './topics';
export {
  CONTENT_TYPE_OF_DATA_TYPE,
  bytesOfPayload,
  dataTypeOfContentType,
  decodeUtf8,
  isValidMediaType,
  mediaTypeOf,
  payloadOfContent,
  payloadOfPublish,
  publishPropertiesOfDataType,
} from './content-type';
export type { DataTypeOptions, PublishPayloadResult } from './content-type';
export { mqttOriginOf } from './mqtt-send';
export type { MqttOrigin, MqttSend } from './mqtt-send';
export { publishToSend } from './publish-to-send';
export type { PublishContext, PublishOutcome } from './publish-to-send';
export { CROSS_PROTOCOL_QOS, remainingExpiry, retainedToPublish, sendToPublish, topicOf } from './send-to-publish';
export type { DeliverySubscription, MqttRecipient, StoredRetained } from './send-to-publish';
export { decideSubscription, subscriptionKey, unsubackReasonCode, unsubscribeGroup, unsubscribeTarget } from './subscriptions';
export type { SubscriptionDecision, SubscriptionRequest, SubscriptionTarget } from './subscriptions';
export { hasWildcard, literalPrefix, parseSharedFilter, topicMatchesFilter, wildcardFilterProblem } from './topic-filters';
export {
  DEFAULT_USER_EVENT_CONTENT_TYPE,
  STATUS_CODE_USER_PROPERTY,
  USER_PROPERTY_HEADER_PREFIX,
  userEventOutcome,
  userEventRequest,
  userEventResponseToSend,
  userPropertiesOfHeaders,
  userPropertyHeaders,
} from './user-events';
export type { UserEventRequest, UserEventRequestResult, UserEventResponse } from './user-events';
export {
  ASSIGNED_CLIENT_ID_LENGTH,
  DEFAULT_MAX_SESSION_EXPIRY_SECONDS,
  KEEP_ALIVE_3_1_1_MAX_SECONDS,
  KEEP_ALIVE_3_1_1_MIN_SECONDS,
  MAX_CLIENT_ID_LENGTH,
  assignClientId,
  clientIdProblem,
  keepAliveProblem,
  keepAliveTimeoutMs,
  negotiateKeepAlive,
  resolveClientId,
  sessionExpiryOnConnect,
  sessionExpiryOnDisconnect,
} from './session';
export type { ClientIdResolution, DisconnectExpiry, SessionExpiry } from './session';
export { MAX_WILL_PAYLOAD_BYTES, checkWill, willDelayMs, willIsPublished, willToPublish } from './will';
export type { Will, WillCheck, WillProperties } from './will';
export { checkConnect, connackProperties } from './connect';
export type { AdvertisedFeatures, ConnackProperties, ConnectCheck, ConnectLimits, ConnectRequest, NegotiatedConnackProperties } from './connect';
export {
  connackCodeForUpstreamMqttCode,
  connackCodeForUpstreamStatus,
  connectEventMqtt,
  disconnectedEventMqtt,
  readUserProperties,
  upstreamConnectRejection,
} from './upstream-connect';
export type { ConnectEventMqtt, DisconnectedEventMqtt, UpstreamConnectRejection } from './upstream-connect';
export { PacketSizeGuard } from './packet-size-guard';
export { lonePubackId } from './lone-puback';
export type { GuardVerdict } from './packet-size-guard';
