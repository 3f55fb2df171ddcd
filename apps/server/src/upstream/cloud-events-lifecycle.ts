import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MQTT_SUBPROTOCOL,
  SYSTEM_EVENT_CONTENT_TYPE,
  UNREACHABLE_HANDLER_STATUS,
  applyConnectionState,
  connectEventBody,
  connectEventMqtt,
  connectedEventBody,
  disconnectedEventBody,
  mqttConnectOutcome,
  mqttUserEventAnswer,
  nativeConnectOutcome,
  invokeOutcome,
  nativeUserEventOutcome,
  presenceEvent,
  presenceEventBody,
  systemEvent,
  TEXT_CONTENT_TYPE,
  type InvokeOutcome,
  userEvent as userEventNamed,
  userEventRequestBody,
  webhookOrigins,
  type ConnectRejected,
  type ConnectionStateUpdate,
  type DisconnectedEventMqtt,
  type MqttConnectOutcome,
  type SelectedEventHandler,
  type UpstreamConnection,
  type UpstreamEvent,
} from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  ConnectionLifecycle,
  type ConnectDecision,
  type ConnectionInfo,
  type ConnectRequest,
  type InvokeRequest,
  type MqttUserEventOutcome,
  type MqttUserEventRequest,
  type UserEventOutcome,
  type UserEventRequest,
} from '../connections/lifecycle.port';
import { LocalNode } from '../cluster/local-node';
import { KeysService } from '../keys/keys.service';
import { cloudEventRequest, type EventContent } from './cloud-event-request';
import { EventHandlerClient, type HandlerRequest } from './event-handler-client';
import { HandlerValidation } from './handler-validation';
import { HubHandlers } from './hub-handlers';
import { deliverUnblocking } from './unblocking-delivery';

const CONNECT = systemEvent('connect');
const CONNECTED = systemEvent('connected');
const DISCONNECTED = systemEvent('disconnected');
const UNHANDLED: UserEventOutcome = { kind: 'unhandled' };
/** Azure's words when the handler failed abuse protection (troubleshooting guide); the probe's
 *  details are in the log and the admin API, not told to clients. */
const DENIED_TARGET = 'Request is denied as target server is invalid.';
/** A network error names the handler's address: the log keeps it, clients are told less. */
const UNREACHABLE_FOR_CLIENTS = { status: UNREACHABLE_HANDLER_STATUS, message: 'the event handler could not be reached' };

/**
 * The connection lifecycle told to the hub's event handlers as CloudEvents over HTTP
 * (spec/upstream-events.md), for native clients:
 *
 * - `connect` (§4) is blocking: the upgrade waits for the handler, which may refuse the
 *   connection (a 4xx as is, anything else as 500) or set its userId, groups, roles, subprotocol
 *   and state;
 * - `connected` / `disconnected` (§5) are fire-and-forget, retried a few times; `disconnected`
 *   waits until the connection's `connected` is through, so a handler sees them in order;
 * - user events (§6) are blocking; the answer comes back to the client, a failure closes it.
 *
 * Every event first passes abuse protection (§2): a handler that failed its probe gets nothing,
 * and a blocking event meant for it fails as Azure reports it ("Request is denied as target
 * server is invalid", troubleshooting guide). The connection state lives with the connection
 * (ConnectionInfo) and travels in and out of here as values.
 */
@Injectable()
export class CloudEventsLifecycle extends ConnectionLifecycle {
  private readonly logger = new Logger('Upstream');
  private readonly origin: string;
  private readonly timeoutMs: number;
  /** `ce-id` (§3): unique among a connection's events; one counter serves all of them. */
  private lastEventId = 0;
  /**
   * Each connection's unblocking events (connected, joined, left, disconnected) in the order they
   * happened: one delivery after the other, by hub and connection id.
   */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly handlers: HubHandlers,
    private readonly validation: HandlerValidation,
    private readonly client: EventHandlerClient,
    private readonly keys: KeysService,
    local: LocalNode,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.origin = webhookOrigins(config.publicEndpoint).requestOrigin;
    this.timeoutMs = config.upstream.timeoutMs;
    // Presence (client-protocols-2026.md §3): every join and leave on this node, whatever caused
    // it: a client frame, REST, the token, the connect answer, an MQTT SUBSCRIBE, a disconnect.
    local.onMembershipChange((connection, group, change) => this.presence(connection.info(), group, change));
  }

  async connect(request: ConnectRequest): Promise<ConnectDecision> {
    const handler = await this.handlers.select(request.hubName, CONNECT);
    // §1: no handler takes `connect` ⇒ the connection proceeds with its token's data.
    if (handler === undefined) return { accept: true };
    if (!(await this.passedAbuseProtection(request.hubName, handler))) {
      return { accept: false, status: UNREACHABLE_HANDLER_STATUS, message: DENIED_TARGET };
    }

    const connection: UpstreamConnection = {
      hub: request.hubName,
      connectionId: request.connectionId,
      userId: request.userId,
      subprotocol: request.mqtt ? MQTT_SUBPROTOCOL : null,
      connectionState: null,
      ...(request.mqtt ? { mqtt: { physicalConnectionId: request.mqtt.physicalConnectionId, sessionId: null } } : {}),
    };
    const body = connectEventBody(
      {
        claims: request.claims,
        query: request.query,
        headers: request.headers,
        subprotocols: request.subprotocols,
        // Switchboard does not ask clients for TLS certificates (yet): always the empty list (§4).
      },
      request.mqtt ? connectEventMqtt(request.mqtt) : undefined,
    );
    const result = await this.client.send(
      this.request(handler, CONNECT, connection, { contentType: SYSTEM_EVENT_CONTENT_TYPE, body: JSON.stringify(body) }),
      this.timeoutMs,
    );
    const outcome = request.mqtt ? mqttConnectOutcome(result, request.mqtt.protocolVersion) : nativeConnectOutcome(result);
    if (!outcome.accept) {
      const message = connectRefusal(outcome);
      if (outcome.status >= 500) this.logger.warn(`hub ${request.hubName}, connection ${request.connectionId}: ${message}`);
      return {
        accept: false,
        status: outcome.status,
        message: result.kind === 'networkError' ? connectRefusal(UNREACHABLE_FOR_CLIENTS) : message,
        ...(request.mqtt && 'connack' in outcome ? { connack: (outcome as MqttConnectRejection).connack } : {}),
      };
    }
    const { userId, groups, roles, subprotocol, mqtt } = outcome.response;
    return {
      accept: true,
      ...(userId !== undefined ? { userId } : {}),
      ...(groups !== undefined ? { groups } : {}),
      ...(roles !== undefined ? { roles } : {}),
      ...(subprotocol !== undefined && !request.mqtt ? { subprotocol } : {}),
      ...(mqtt?.userProperties !== undefined ? { mqttUserProperties: mqtt.userProperties } : {}),
      ...stateChange(outcome.connectionState),
    };
  }

  connected(connection: ConnectionInfo): void {
    this.inOrder(connection, () => this.unblocking(CONNECTED, connection, connectedEventBody()));
  }

  disconnected(connection: ConnectionInfo, reason: string | null, mqtt?: DisconnectedEventMqtt): void {
    this.inOrder(connection, () => this.unblocking(DISCONNECTED, connection, disconnectedEventBody(reason, mqtt)));
  }

  /** `joined` / `left` to the handler whose `groupPresenceEvents` cover it; nothing when none does. */
  private presence(connection: ConnectionInfo, group: string, change: 'joined' | 'left'): void {
    const event = presenceEvent(change, group);
    this.inOrder(connection, async () => {
      if (!(await this.handlers.selector(connection.hubName)).takesPresence) return;
      await this.unblocking(event, connection, presenceEventBody(group));
    });
  }

  private inOrder(connection: ConnectionInfo, deliver: () => Promise<void>): void {
    const key = inFlightKey(connection);
    const before = this.inFlight.get(key);
    const run = () => deliver().catch((error: Error) => this.logger.error(`an event of connection ${connection.connectionId} failed: ${error.message}`));
    const delivery: Promise<void> = (before ? before.then(run) : run()).finally(() => {
      if (this.inFlight.get(key) === delivery) this.inFlight.delete(key);
    });
    this.inFlight.set(key, delivery);
  }

  async userEvent(request: UserEventRequest): Promise<UserEventOutcome> {
    const event = userEventNamed(request.event);
    const handler = await this.handlers.select(request.hubName, event);
    if (handler === undefined) return UNHANDLED;
    if (!(await this.passedAbuseProtection(request.hubName, handler))) return { kind: 'failed', message: DENIED_TARGET };

    const result = await this.client.send(
      this.request(handler, event, upstreamConnection(request), userEventRequestBody(request.payload)),
      this.timeoutMs,
    );
    const outcome = nativeUserEventOutcome(result);
    if (outcome.kind === 'failed') {
      const failed = (why: string) => `The event handler failed on event '${request.event}': ${why}`;
      const message = failed(withDetail(outcome.message, outcome.detail));
      this.logger.warn(`hub ${request.hubName}, connection ${request.connectionId}: ${message}`);
      return { kind: 'failed', message: result.kind === 'networkError' ? failed(UNREACHABLE_FOR_CLIENTS.message) : message };
    }
    return {
      kind: 'handled',
      ...(outcome.response !== undefined ? { response: outcome.response } : {}),
      ...stateChange(outcome.connectionState),
    };
  }

  /**
   * An invocation is a user event (client-protocols-2026.md §1.4) whose every outcome is an answer:
   * no handler, a refused handler, a failure or a timeout all come back as `success: false`.
   */
  async invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeOutcome> {
    const event = userEventNamed(request.event);
    const handler = await this.handlers.select(request.hubName, event);
    if (handler === undefined) {
      return { success: false, error: { name: 'NotFound', message: `No event handler of hub '${request.hubName}' takes event '${request.event}'.` } };
    }
    if (!(await this.passedAbuseProtection(request.hubName, handler))) return { success: false, error: { name: 'InternalServerError', message: DENIED_TARGET } };
    // No payload: an empty text body, which the express SDK reads as it is (§1.4).
    const content = request.payload ? userEventRequestBody(request.payload) : { contentType: TEXT_CONTENT_TYPE, body: '' };
    const result = await this.client.send(this.request(handler, event, upstreamConnection(request), content), this.timeoutMs, signal);
    const outcome = invokeOutcome(result);
    if (!outcome.success && !signal.aborted) this.logger.warn(`hub ${request.hubName}, connection ${request.connectionId}: invocation of '${request.event}' failed: ${outcome.error.message}`);
    return outcome;
  }

  /** MQTT user events (§8.4): the handler's answer goes back whole, on `/succeeded` or `/failed`. */
  async mqttUserEvent(request: MqttUserEventRequest): Promise<MqttUserEventOutcome> {
    const event = userEventNamed(request.event);
    const handler = await this.handlers.select(request.hubName, event);
    if (handler === undefined) return { kind: 'unhandled' };
    if (!(await this.passedAbuseProtection(request.hubName, handler))) {
      return { kind: 'answered', response: { status: UNREACHABLE_HANDLER_STATUS, body: new TextEncoder().encode(DENIED_TARGET), headers: [] } };
    }
    const result = await this.client.send(
      this.request(handler, event, upstreamConnection(request), { contentType: request.contentType, body: request.body, headers: request.headers }),
      this.timeoutMs,
    );
    return { kind: 'answered', response: mqttUserEventAnswer(result).response };
  }

  /** `connected` / `disconnected` (§5): never throws, never blocks the connection. */
  private async unblocking(event: UpstreamEvent, connection: ConnectionInfo, body: object): Promise<void> {
    try {
      const handler = await this.handlers.select(connection.hubName, event);
      if (handler === undefined) return;
      // An invalid handler was logged when its probe failed; its events are dropped quietly.
      if (!(await this.passedAbuseProtection(connection.hubName, handler))) return;
      const request = this.request(handler, event, upstreamConnection(connection), {
        contentType: SYSTEM_EVENT_CONTENT_TYPE,
        body: JSON.stringify(body),
      });
      const outcome = await deliverUnblocking(() => this.client.send(request, this.timeoutMs));
      if (!outcome.delivered) {
        this.logger.warn(
          `hub ${connection.hubName}, connection ${connection.connectionId}: ${event.name} not delivered after ${outcome.attempts} attempt(s): ${outcome.message}`,
        );
      }
    } catch (error) {
      this.logger.error(`${event.name} of connection ${connection.connectionId} failed: ${(error as Error).stack ?? error}`);
    }
  }

  /** A handler whose abuse-protection probe failed gets no events (§2). */
  private async passedAbuseProtection(hubName: string, handler: SelectedEventHandler): Promise<boolean> {
    return (await this.validation.check(hubName, handler.settings.urlTemplate)).valid;
  }

  private request(handler: SelectedEventHandler, event: UpstreamEvent, connection: UpstreamConnection, content: EventContent): HandlerRequest {
    const { primary, secondary } = this.keys.current();
    return cloudEventRequest({
      handler,
      event,
      connection,
      content,
      id: ++this.lastEventId,
      origin: this.origin,
      accessKeys: [primary, secondary],
    });
  }
}

type MqttConnectRejection = Extract<MqttConnectOutcome, { accept: false }>;

function upstreamConnection(info: ConnectionInfo): UpstreamConnection {
  return {
    hub: info.hubName,
    connectionId: info.connectionId,
    userId: info.userId,
    subprotocol: info.subprotocol,
    connectionState: info.connectionState ?? null,
    ...(info.mqtt ? { mqtt: info.mqtt } : {}),
  };
}

/** A `ce-connectionState` in the answer replaces the state (an empty one clears it); none keeps it. */
function stateChange(update: ConnectionStateUpdate): { connectionState?: string | null } {
  return update.kind === 'unchanged' ? {} : { connectionState: applyConnectionState(null, update) };
}

function connectRefusal(outcome: Pick<ConnectRejected, 'status' | 'message' | 'detail'>): string {
  const what = outcome.status < 500 ? 'The connect event handler refused the connection' : 'The connect event handler failed';
  return `${what}: ${withDetail(outcome.message, outcome.detail)}`;
}

function withDetail(message: string, detail: string | undefined): string {
  return detail === undefined ? message : `${message}: ${detail}`;
}

function inFlightKey(connection: ConnectionInfo): string {
  return `${connection.hubKey}\n${connection.connectionId}`;
}
