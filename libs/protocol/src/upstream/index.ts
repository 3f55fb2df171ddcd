export {
  PRESENCE_EVENT_TYPE_PREFIX,
  SIMPLE_CLIENT_EVENT_NAME,
  SYSTEM_EVENT_TYPE_PREFIX,
  USER_EVENT_TYPE_PREFIX,
  VALIDATE_EVENT_NAME,
  cloudEventType,
  isBlockingEvent,
  presenceEvent,
  presenceEventBody,
  systemEvent,
  userEvent,
} from './upstream-event';
export type { UpstreamEvent } from './upstream-event';
export { compileEventHandlers, compileUserEventPattern, userEventPatternMatches } from './handler-selection';
export type { EventHandlerSelector, SelectedEventHandler, UserEventPattern } from './handler-selection';
export { compileUrlTemplate, urlTemplateProblem, validationUrl } from './url-template';
export type { CompiledUrlTemplate } from './url-template';
export {
  ABUSE_PROTECTION_METHOD,
  abuseProtectionHeaders,
  abuseProtectionOutcome,
  webhookOrigins,
} from './abuse-protection';
export type { AbuseProtectionError, AbuseProtectionOutcome, WebhookOrigins } from './abuse-protection';
export { SIGNATURE_PREFIX, connectionSignature } from './signature';
export type { HmacSha256Hex } from './signature';
export {
  AWPS_VERSION,
  CLOUD_EVENTS_SPEC_VERSION,
  MQTT_SUBPROTOCOL,
  SYSTEM_EVENT_CONTENT_TYPE,
  cloudEventHeaders,
  cloudEventSource,
  cloudEventTime,
} from './headers';
export type { CloudEventHeadersInput, UpstreamConnection } from './headers';
export { toHeaderValue } from './header-value';
export {
  CONNECTION_STATE_HEADER,
  applyConnectionState,
  decodeConnectionStates,
  encodeConnectionStates,
  readConnectionState,
} from './connection-state';
export type { ConnectionStateLimits, ConnectionStateRead, ConnectionStateUpdate } from './connection-state';
export {
  DEFAULT_BLOCKING_EVENT_TIMEOUT_MS,
  UNREACHABLE_HANDLER_STATUS,
  isSuccessStatus,
  readResponseHeaders,
} from './handler-response';
export type { HandlerCallResult, HandlerResponse, ResponseHeaders } from './handler-response';
export { connectEventBody, connectEventClaims, groupQuery, groupRawHeaders } from './connect-event';
export type { ClientCertificate, ConnectEventBody, ConnectEventInput } from './connect-event';
export { WHOLE_BODY, parseConnectResponse } from './connect-response';
export type { ConnectResponse, ConnectResponseError, ConnectResponseRead } from './connect-response';
export { mqttConnectOutcome, nativeConnectOutcome } from './connect-outcome';
export type { ConnectAccepted, ConnectOutcome, ConnectRejected, MqttConnectOutcome } from './connect-outcome';
export { connectedEventBody } from './connected-event';
export type { ConnectedEventBody } from './connected-event';
export { disconnectedEventBody } from './disconnected-event';
export type { DisconnectedEventBody } from './disconnected-event';
export {
  BINARY_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  nativeUserEventOutcome,
  userEventContentType,
  userEventRequestBody,
} from './user-event';
export type { NativeUserEventOutcome, UserEventRequestBody } from './user-event';
export { errorNameForStatus, invokeOutcome } from './invoke-outcome';
export type { InvokeOutcome } from './invoke-outcome';
export { mqttUserEventAnswer } from './mqtt-user-event-response';
export type { MqttUserEventAnswer } from './mqtt-user-event-response';
export { UNBLOCKING_EVENT_RETRY_DELAYS_MS, unblockingEventOutcome } from './unblocking-event';
export type { UnblockingEventOutcome } from './unblocking-event';
