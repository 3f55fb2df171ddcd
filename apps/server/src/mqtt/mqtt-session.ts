import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  answerFailure,
  compileRoles,
  keepsDurableSessions,
  disconnectedEventMqtt,
  MQTT_5,
  publishToSend,
  retainedToPublish,
  sendToPublish,
  willDelayMs,
  willToPublish,
  type DeliverySubscription,
  type DisconnectReason,
  type MqttHubSettings,
  type MqttProtocolVersion,
  type OutgoingPublish,
  type PermissionSet,
  type StoredRetained,
  type SubscriptionTarget,
  type UserProperty,
  type Will,
} from '@switchboard/protocol';
import { generate, type Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import type { ClientConnection, TrafficCounters } from '../connections/client-connection';
import type { ConnectionInfo } from '../connections/lifecycle.port';
import type { OutboundMessage } from '../messaging/outbound-message';
import { closeSocket, cutSlowConsumer, writeFrame } from '../sockets/frame-writes';
import { OutboundQueue } from '../sockets/outbound-queue';
import { DeadlineWheel } from '../sockets/deadline-wheel';
import { frame, OPCODE_BINARY } from '../sockets/websocket-frame';
import type { MqttServices } from './mqtt-services';
import { encode as encodePublish, publishFrame, publishFrameOf, websocketHeaderLength, withPacketId, type PublishFrame } from './publish-frames';
import { SessionFilters, type FilterSubscription } from './session-filters';
import { TopicAliases } from './topic-aliases';
import { GroupMember } from '../connections/group-member';

export interface MqttSessionOptions {
  clientId: string;
  hubKey: string;
  hubName: string;
  userId: string | null;
  roles: readonly string[];
  version: MqttProtocolVersion;
  remoteAddress: string | undefined;
  sessionExpirySeconds: number;
  /** The client's Receive Maximum (v5; 65535 when absent): QoS 1/2 PUBLISHes in flight to it. */
  receiveMaximum: number;
  /** The client's Maximum Packet Size (v5): larger PUBLISHes are not sent to it (MQTT 5.0 §3.1.2.11.4). */
  maximumPacketSize?: number;
  will: Will | undefined;
  physicalConnectionId: string;
  /** The hub's MQTT features as the current network connection found them. */
  features: MqttHubSettings;
}

/**
 * A session on its way to another node (a resume that reached a different node): what the
 * session owns, in plain data. Frames are the pre-built PUBLISH bytes with their packet ids.
 */
export interface MqttSessionState {
  clientId: string;
  hubKey: string;
  hubName: string;
  userId: string | null;
  roles: string[];
  sessionId: string;
  connectedAt: string;
  groups: string[];
  subscriptions: Array<[string, DeliverySubscription]>;
  /** Wildcard and shared subscriptions, by the filter as the client wrote it. */
  filters: Array<[string, FilterSubscription]>;
  incomingQos2: number[];
  nextPacketId: number;
  inflight: Array<[number, string]>;
  pending: Array<{ frame: string; qos: number; expiresAt?: number }>;
  traffic: TrafficCounters;
}

/** A durable session as written to PostgreSQL: its state and what its next CONNECT would otherwise say. */
export interface DurableSessionState {
  session: MqttSessionState;
  version: MqttProtocolVersion;
  sessionExpirySeconds: number;
  receiveMaximum: number;
  maximumPacketSize?: number;
}

/** Changes to a durable session are written at most this often. */
/** A PUBLISH encoded with a topic alias, and what to tell TopicAliases once it is written. */
interface AliasedFrame {
  frame: PublishFrame;
  topic: string;
  alias: number;
  known: boolean;
}

const PERSIST_DELAY_MS = 200;
/**
 * Every session's keep-alive check on one timer (sockets/deadline-wheel.ts), in quarter seconds:
 * a silent client is dropped at most 250 ms after its 1.5 × Keep Alive.
 */
const keepAliveWheel = new DeadlineWheel<MqttSession>((session, now) => session.keepAliveDue(now), 250);

/** Bound of QoS 1/2 messages kept for a session (in flight + queued while offline or throttled). */
const MAX_PENDING_MESSAGES = 1000;
/** ...and their bytes, the bound of the reliable replay buffer too: what one session can hold. */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/**
 * One MQTT session (= one Web PubSub connection, connectionId = client id, spec/mqtt.md §2). It
 * outlives its network connection when its session expiry says so: subscriptions stay group
 * memberships and QoS 1/2 messages queue until the client resumes or the session expires.
 */
export class MqttSession extends GroupMember implements ClientConnection {
  readonly connectionId: string;
  readonly hubKey: string;
  readonly hubName: string;
  readonly userId: string | null;
  readonly permissions: PermissionSet;
  readonly flavour = 'mqtt' as const;
  // A number, not a Date (96 bytes for every idle session): the Date is made when asked for.
  private connectedAtMs = Date.now();
  readonly traffic: TrafficCounters = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
  /** Wildcard and shared subscriptions, on hubs that enable them. */
  readonly filters = new SessionFilters();
  /** Opaque ids for the `ce-sessionId` / `ce-physicalConnectionId` headers of upstream events. */
  sessionId = randomBytes(12).toString('base64url');
  physicalConnectionId: string;
  version: MqttProtocolVersion;
  remoteAddress: string | undefined;
  sessionExpirySeconds: number;
  receiveMaximum: number;
  maximumPacketSize: number | undefined;
  will: Will | undefined;
  features: MqttHubSettings;
  /** Topic aliases of the current network connection. */
  aliases = TopicAliases.NONE;
  /** The client's Topic Alias Maximum from its CONNECT (v5). */
  clientTopicAliasMaximum = 0;
  /** The last DISCONNECT either side sent, reported in the `disconnected` event (upstream-events.md §8.3). */
  lastDisconnect: { sentBy: 'client' | 'server'; code: number; userProperties?: UserProperty[] } | undefined;

  private socket: WebSocket | null = null;
  /** Writes to the TCP socket under `socket`: pre-framed bytes, queued while it does not drain. */
  private outbound: OutboundQueue | null = null;
  private ended = false;
  private nextPacketId = 1;
  // The collections below are made on first use: an idle session holds none of them.
  private subscriptionMap: Map<string, DeliverySubscription> | null = null;
  private incomingQos2Set: Set<number> | null = null;
  private inflightMap: Map<number, PublishFrame> | null = null;
  /** Bytes of the QoS 1/2 frames held (in flight and queued). */
  private heldBytes = 0;
  /** PUBLISH frames waiting for room in the client's Receive Maximum or for the client to return. */
  /** `expiresAt`: REST `messageTtlSeconds` (client-protocols-2026.md §7); 0 = never. */
  private readonly pending: Array<{ frame: PublishFrame; qos: number; expiresAt: number }> = [];
  private expiryTimer: NodeJS.Timeout | null = null;
  private willTimer: NodeJS.Timeout | null = null;
  private persistTimer: NodeJS.Timeout | null = null;
  /** When an offline session expires (epoch ms); 0 while online. */
  private offlineUntil = 0;
  /** When the keep-alive check falls due (epoch ms), and its slot in the wheel; 0 when not armed. */
  private keepAliveDueAt = 0;
  private keepAliveSlot = 0;
  private lastHeardAt = 0;
  private keepAliveMs: number | undefined;
  /** Keep Alive 0 only: whether the last WebSocket ping (or any packet since) was answered. */
  private answeredPing = true;

  constructor(
    options: MqttSessionOptions,
    private readonly services: MqttServices,
  ) {
    super();
    this.connectionId = options.clientId;
    this.hubKey = options.hubKey;
    this.hubName = options.hubName;
    this.userId = options.userId;
    this.permissions = compileRoles(options.roles);
    this.version = options.version;
    this.remoteAddress = options.remoteAddress;
    this.sessionExpirySeconds = options.sessionExpirySeconds;
    this.receiveMaximum = options.receiveMaximum;
    this.maximumPacketSize = options.maximumPacketSize;
    this.will = options.will;
    this.physicalConnectionId = options.physicalConnectionId;
    this.features = options.features;
  }

  get connectedAt(): Date {
    return new Date(this.connectedAtMs);
  }

  get subscriptions(): Map<string, DeliverySubscription> {
    return (this.subscriptionMap ??= new Map());
  }

  /** QoS 2 packet ids received and not yet released: a re-sent PUBLISH is not delivered twice. */
  get incomingQos2(): Set<number> {
    return (this.incomingQos2Set ??= new Set());
  }

  /** PUBLISH frames sent and not yet acknowledged (PUBACK, or PUBREC then PUBCOMP), by packet id. */
  private get inflight(): Map<number, PublishFrame> {
    return (this.inflightMap ??= new Map());
  }

  /** Rebuilds a session another node handed over; `options` are those of the resuming CONNECT. */
  static restore(state: MqttSessionState, options: Omit<MqttSessionOptions, 'clientId' | 'hubKey' | 'hubName' | 'userId' | 'roles'>, services: MqttServices): MqttSession {
    const session = new MqttSession(
      { ...options, clientId: state.clientId, hubKey: state.hubKey, hubName: state.hubName, userId: state.userId, roles: state.roles },
      services,
    );
    session.sessionId = state.sessionId;
    session.connectedAtMs = Date.parse(state.connectedAt);
    for (const group of state.groups) session.addGroup(group);
    for (const [group, subscription] of state.subscriptions) session.subscriptions.set(group, subscription);
    for (const [key, filter] of state.filters ?? []) session.filters.set(key, filter);
    for (const packetId of state.incomingQos2) session.incomingQos2.add(packetId);
    for (const [packetId, frame] of state.inflight) session.inflight.set(packetId, publishFrameOf(Buffer.from(frame, 'base64')));
    for (const { frame, qos, expiresAt } of state.pending) session.pending.push({ frame: publishFrameOf(Buffer.from(frame, 'base64')), qos, expiresAt: expiresAt ?? 0 });
    session.nextPacketId = state.nextPacketId;
    for (const frame of session.inflight.values()) session.heldBytes += frame.bytes.length;
    for (const { frame } of session.pending) session.heldBytes += frame.bytes.length;
    Object.assign(session.traffic, state.traffic);
    return session;
  }

  /**
   * Gives the session to another node: a live network connection is told it was taken over
   * (0x8E) and closed, the session leaves this node's registry, and neither the will nor
   * `disconnected` fires, since the session goes on there.
   */
  handOver(): MqttSessionState {
    this.detachForResume();
    this.ended = true;
    this.clearTimer('expiryTimer');
    this.clearTimer('willTimer');
    this.disarmKeepAlive();
    this.clearTimer('persistTimer');
    this.services.local.unregisterMoved(this);
    return this.state();
  }

  /** What the session owns, as plain data: for a hand-over, or for the durable session table. */
  state(): MqttSessionState {
    return {
      clientId: this.connectionId,
      hubKey: this.hubKey,
      hubName: this.hubName,
      userId: this.userId,
      roles: [...this.permissions.roles],
      sessionId: this.sessionId,
      connectedAt: this.connectedAt.toISOString(),
      groups: [...this.groups],
      subscriptions: [...this.subscriptions],
      filters: this.filters.entries(),
      incomingQos2: [...this.incomingQos2],
      nextPacketId: this.nextPacketId,
      inflight: [...this.inflight].map(([packetId, frame]) => [packetId, withPacketId(frame, packetId).toString('base64')]),
      // A queued PUBLISH takes its packet id when it goes in flight.
      pending: this.pending.map(({ frame, qos, expiresAt }) => ({ frame: frame.bytes.toString('base64'), qos, expiresAt })),
      traffic: { ...this.traffic },
    };
  }

  get protocol(): string {
    return this.version === MQTT_5 ? 'mqtt.v5' : 'mqtt.v3.1.1';
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isOnline(): boolean {
    return this.socket !== null;
  }

  /** Kept in PostgreSQL: a hub that allows sessions longer than Azure's, and a session that asked to outlive its connection. */
  get isDurable(): boolean {
    return keepsDurableSessions(this.features) && this.sessionExpirySeconds > 0;
  }

  durableState(): DurableSessionState {
    return {
      session: this.state(),
      version: this.version,
      sessionExpirySeconds: this.sessionExpirySeconds,
      receiveMaximum: this.receiveMaximum,
      ...(this.maximumPacketSize !== undefined ? { maximumPacketSize: this.maximumPacketSize } : {}),
    };
  }

  /** Subscriptions changed, or a message queued while offline: written shortly, several changes at once. */
  persistSoon(): void {
    if (!this.isDurable || this.ended || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      void this.persistNow();
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  async persistNow(): Promise<void> {
    if (!this.isDurable || this.ended) return;
    const expiresAt = this.offlineUntil || Date.now() + this.sessionExpirySeconds * 1000;
    await this.services.sessions.save(this.durableState(), expiresAt).catch(() => undefined);
  }

  /** A durable session claimed or taken from PostgreSQL with no connection: it waits offline until it expires. */
  waitOffline(expiresAt: number): void {
    this.offlineUntil = expiresAt;
    this.expiryTimer = setTimeout(() => this.end('the session expired'), Math.max(0, expiresAt - Date.now()));
    this.expiryTimer.unref();
  }

  subscriptionTargets(): Iterable<SubscriptionTarget> {
    return this.filters.targets();
  }

  reachesGroup(group: string): boolean {
    return this.filters.matches(group);
  }

  /** A share passes over a member that is offline or already has messages waiting. */
  readyForShared(): boolean {
    return this.socket !== null && this.pending.length === 0;
  }

  /** The subscription(s) a message to `group` is delivered under: the group's, merged with matching filters. */
  deliverySubscription(group: string): DeliverySubscription | undefined {
    const exact = this.subscriptions.get(group);
    return this.filters.size === 0 ? exact : this.filters.merged(group, exact);
  }

  info(): ConnectionInfo {
    return {
      hubKey: this.hubKey,
      hubName: this.hubName,
      connectionId: this.connectionId,
      userId: this.userId,
      subprotocol: 'mqtt',
      mqtt: { physicalConnectionId: this.physicalConnectionId, sessionId: this.sessionId },
    };
  }

  /** A network connection takes the session: first CONNECT, or a resume. */
  attach(socket: WebSocket, wire: Socket, keepAliveMs: number | undefined): void {
    // Aliases live as long as one network connection; the server uses them only on hubs that take them.
    const hubAliases = this.version === MQTT_5 ? this.features.topicAliasMaximum : 0;
    this.aliases = hubAliases > 0 ? new TopicAliases(hubAliases, this.clientTopicAliasMaximum) : TopicAliases.NONE;
    this.offlineUntil = 0;
    this.clearTimer('expiryTimer');
    this.clearTimer('willTimer');
    this.socket = socket;
    this.outbound = new OutboundQueue(wire, this.services.config.limits.sendBufferBytes);
    this.disarmKeepAlive();
    this.keepAliveMs = keepAliveMs;
    this.answeredPing = true;
    // Only a session without MQTT keep-alive is probed with WebSocket pings (probeIdle).
    if (keepAliveMs === undefined) {
      socket.on('pong', () => {
        if (socket === this.socket) this.answeredPing = true;
      });
    }
    this.touch();
  }

  /**
   * Keep Alive 0 asks for no MQTT keep-alive, so a peer that vanished without a FIN would hold its
   * session for good. The gateway calls this every idle-ping interval: a WebSocket ping, and a
   * network connection that did not answer the previous one is dropped.
   */
  probeIdle(): void {
    const socket = this.socket;
    if (!socket || this.keepAliveMs !== undefined) return;
    if (!this.answeredPing) return this.dropNetwork('keepAliveTimeout', 'the network connection did not answer WebSocket pings');
    this.answeredPing = false;
    socket.ping();
  }

  /** After CONNACK: a resumed session re-sends what is in flight (DUP set), then the queue. */
  resumeDelivery(resumed: boolean): void {
    if (resumed) {
      for (const [packetId, frame] of this.inflight) this.write(withPacketId(frame, packetId, true));
    }
    this.drain();
  }

  /** Any packet from the client resets the keep-alive clock (1.5× Keep Alive, spec/mqtt.md §6). */
  touch(): void {
    this.answeredPing = true;
    if (this.keepAliveMs === undefined) return;
    this.lastHeardAt = Date.now();
    // One timer per keep-alive period rather than one per packet (a PUBACK per delivery on QoS 1):
    // when it fires, it looks at when the client was last heard from.
    if (this.keepAliveDueAt === 0) this.armKeepAlive(this.keepAliveMs);
  }

  /** The wheel's call: a stale entry (disarmed, or armed again for later) is passed over. */
  keepAliveDue(now: number): void {
    if (this.keepAliveDueAt === 0 || now < this.keepAliveDueAt) return;
    this.keepAliveDueAt = 0;
    if (this.keepAliveMs === undefined) return;
    const silentMs = now - this.lastHeardAt;
    if (silentMs >= this.keepAliveMs) this.dropNetwork('keepAliveTimeout', 'keep alive timeout');
    else this.armKeepAlive(this.keepAliveMs - silentMs);
  }

  private armKeepAlive(delayMs: number): void {
    this.keepAliveDueAt = Date.now() + delayMs;
    this.keepAliveSlot = keepAliveWheel.add(this, this.keepAliveDueAt);
  }

  private disarmKeepAlive(): void {
    if (this.keepAliveDueAt === 0) return;
    keepAliveWheel.delete(this, this.keepAliveSlot);
    this.keepAliveDueAt = 0;
  }

  deliver(message: OutboundMessage): number {
    if (this.ended) return -1;
    const target = message.send.target;
    const subscription = target.kind === 'group' ? this.deliverySubscription(target.group) : undefined;
    const publish = sendToPublish(message.send, { connectionId: this.connectionId, version: this.version, subscription }, Date.now());
    if (!publish) return -1;
    return this.enqueue(publishFrame(message, publish, this.version), publish.qos, message.send.expiresAt ?? 0, this.aliased(message, publish));
  }

  /**
   * The same PUBLISH with a topic alias, when the client takes them. Frames with the same alias
   * and topic are still shared between sessions; the alias is only proposed until it is written.
   */
  private aliased(message: OutboundMessage, publish: OutgoingPublish): AliasedFrame | undefined {
    if (this.aliases.outboundMaximum === 0) return undefined;
    const alias = this.aliases.outgoing(publish.topic);
    if (!alias) return undefined;
    const withAlias = { ...publish, topic: alias.known ? '' : publish.topic, properties: { ...publish.properties, topicAlias: alias.alias } };
    return { frame: publishFrame(message, withAlias, this.version), topic: publish.topic, alias: alias.alias, known: alias.known };
  }

  private tooLarge(encoded: PublishFrame): boolean {
    return this.maximumPacketSize !== undefined && encoded.bytes.length - websocketHeaderLength(encoded.bytes) > this.maximumPacketSize;
  }

  /** A retained message for a new subscription (MQTT 5.0 §3.8.4), encoded for this session alone. */
  deliverRetained(message: StoredRetained, subscription: DeliverySubscription): void {
    if (this.ended) return;
    const publish = retainedToPublish(message, { version: this.version, subscription }, Date.now());
    if (publish) this.enqueue(encodePublish(publish, this.version), publish.qos, 0);
  }

  /**
   * QoS 0 goes out now or not at all; QoS 1/2 takes a packet id and waits its turn in the client's
   * Receive Maximum. A topic alias is used only by a frame written at once on this connection: a
   * QoS 1/2 PUBLISH is kept without it, since a resend on a later connection cannot use it.
   */
  private enqueue(encoded: PublishFrame, qos: number, expiresAt: number, aliased?: AliasedFrame): number {
    if (this.tooLarge(encoded)) return -1;
    const goesNow = this.socket !== null && (qos === 0 || (this.pending.length === 0 && this.inflight.size < this.receiveMaximum && (expiresAt === 0 || expiresAt > Date.now())));
    const alias = goesNow && aliased && !this.tooLarge(aliased.frame) ? aliased : undefined;
    if (qos === 0) {
      // QoS 0 for an offline session may be dropped (mqtt.md §5).
      const bytes = (alias?.frame ?? encoded).bytes;
      if (!this.socket || !this.write(bytes)) return -1;
      if (alias && !alias.known) this.aliases.sent(alias.topic, alias.alias);
      return bytes.length;
    }
    // An offline durable session keeps the newest messages: the oldest queued go first.
    while (this.queueFull(encoded) && !this.socket && this.isDurable && this.pending.length > 0) {
      this.heldBytes -= this.pending.shift()!.frame.bytes.length;
      this.services.metrics.droppedFromQueue(this.protocol);
    }
    if (this.queueFull(encoded)) {
      this.services.metrics.slowConsumerClosed(this.protocol);
      this.endWith('quotaExceeded', 'too many unacknowledged messages');
      return -1;
    }
    this.heldBytes += encoded.bytes.length;
    if (goesNow) {
      const packetId = this.packetIdFor(alias?.frame ?? encoded);
      this.inflight.set(packetId, encoded);
      const written = this.write(withPacketId(alias?.frame ?? encoded, packetId));
      if (written && alias && !alias.known) this.aliases.sent(alias.topic, alias.alias);
      return encoded.bytes.length;
    }
    this.pending.push({ frame: encoded, qos, expiresAt });
    if (!this.socket) this.persistSoon();
    this.drain();
    return encoded.bytes.length;
  }

  /** Whether one more QoS 1/2 message would pass the session's bounds. */
  private queueFull(encoded: PublishFrame): boolean {
    return this.inflight.size + this.pending.length >= MAX_PENDING_MESSAGES || this.heldBytes + encoded.bytes.length > MAX_PENDING_BYTES;
  }

  /** PUBACK / PUBCOMP: the message is done; room for the next one. */
  acknowledged(packetId: number): void {
    const frame = this.inflight.get(packetId);
    if (frame === undefined) return;
    this.inflight.delete(packetId);
    this.heldBytes -= frame.bytes.length;
    this.drain();
  }

  /** PUBREC: answer PUBREL; the message stays in flight until PUBCOMP. */
  received(packetId: number): void {
    const known = this.inflight.has(packetId);
    this.send({ cmd: 'pubrel', messageId: packetId, ...(this.version === MQTT_5 && !known ? { reasonCode: 0x92 } : {}) } as Packet);
  }

  /** Writes a control packet (CONNACK, PUBACK, SUBACK...). */
  send(packet: Packet): void {
    if (!this.socket) return;
    this.write(frame(OPCODE_BINARY, generate(packet, { protocolVersion: this.version })));
  }

  /**
   * REST close or closeConnections: DISCONNECT 0x98 on v5, the session ends for good and its
   * will is published, as after any server-side close (mqtt.md §2, §6).
   */
  close(_reason: string): void {
    this.endWith('administrativeAction', _reason);
  }

  /**
   * Server shutdown: the client is told (v5 0x8B). A durable session is written and goes on after
   * the restart, on this node or another, so neither its will nor `disconnected` fires.
   */
  async shutdown(): Promise<void> {
    if (!this.isDurable) return this.endWith('serverShuttingDown', 'the service is shutting down');
    if (this.socket) this.dropNetworkQuietly(this.socket, 'serverShuttingDown', 'the service is shutting down');
    if (!this.offlineUntil) this.offlineUntil = Date.now() + this.sessionExpirySeconds * 1000;
    this.clearTimer('expiryTimer');
    this.clearTimer('willTimer');
    this.disarmKeepAlive();
    this.clearTimer('persistTimer');
    await this.persistNow();
    this.ended = true;
  }

  /**
   * Ends the network connection with the answer the table gives for `reason` (v5 DISCONNECT
   * with its code, v3.1.1 just closed), then the session goes on or ends per its expiry.
   */
  dropNetwork(reason: DisconnectReason, text: string): void {
    const answer = answerFailure('disconnect', reason, this.version);
    this.disconnect(answer.kind === 'disconnect' ? answer.code : undefined, text);
  }

  /** v5: DISCONNECT with `code`, then close; v3.1.1 (or no code): close (3.1.1 has no server DISCONNECT). */
  disconnect(code: number | undefined, text: string): void {
    const socket = this.socket;
    if (!socket) return;
    if (code !== undefined && this.version === MQTT_5) {
      this.send({ cmd: 'disconnect', reasonCode: code, properties: { reasonString: text.slice(0, 100) } } as Packet);
    }
    if (code !== undefined) this.lastDisconnect = { sentBy: 'server', code };
    closeSocket(socket, this.outbound);
    this.networkGone(socket, true, text);
  }

  /**
   * The network connection ended. `publishWill` is false only after a client DISCONNECT that
   * asked for none (mqtt.md §6). The session is kept for its expiry, else it ends now.
   */
  networkGone(socket: WebSocket, publishWill: boolean, reason: string): void {
    if (socket !== this.socket || this.ended) return;
    this.socket = null;
    this.outbound = null;
    this.disarmKeepAlive();
    if (publishWill && this.will) this.scheduleWill();
    if (this.sessionExpirySeconds <= 0) {
      this.end(reason);
      return;
    }
    this.expiryTimer = setTimeout(() => this.end('the session expired'), this.sessionExpirySeconds * 1000);
    this.expiryTimer.unref();
    this.offlineUntil = Date.now() + this.sessionExpirySeconds * 1000;
    if (this.isDurable) void this.persistNow();
  }

  /** A new CONNECT with this client id and clean start takes over and ends this session. */
  takenOver(): void {
    this.endWith('sessionTakenOver', 'another connection took over the session');
  }

  /** Detaches the live network connection of a session that a resuming CONNECT takes over. */
  detachForResume(): void {
    const socket = this.socket;
    if (!socket) return;
    const answer = answerFailure('disconnect', 'sessionTakenOver', this.version);
    if (answer.kind === 'disconnect') this.send({ cmd: 'disconnect', reasonCode: answer.code } as Packet);
    const outbound = this.outbound;
    this.socket = null;
    this.outbound = null;
    this.disarmKeepAlive();
    closeSocket(socket, outbound);
  }

  isCurrent(socket: WebSocket): boolean {
    return this.socket === socket;
  }

  private endWith(reason: DisconnectReason, text: string): void {
    if (this.ended) return;
    if (this.socket) {
      if (this.will) this.publishWillNow();
      const socket = this.socket;
      this.dropNetworkQuietly(socket, reason, text);
    } else if (this.willTimer) {
      this.clearTimer('willTimer');
      this.publishWillNow();
    }
    this.end(text);
  }

  private dropNetworkQuietly(socket: WebSocket, reason: DisconnectReason, text: string): void {
    const answer = answerFailure('disconnect', reason, this.version);
    if (answer.kind === 'disconnect') {
      this.send({ cmd: 'disconnect', reasonCode: answer.code, properties: { reasonString: text.slice(0, 100) } } as Packet);
      this.lastDisconnect = { sentBy: 'server', code: answer.code };
    }
    const outbound = this.outbound;
    this.socket = null;
    this.outbound = null;
    closeSocket(socket, outbound);
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimer('expiryTimer');
    this.disarmKeepAlive();
    if (this.willTimer) {
      // The will is sent at the latest when the session ends (mqtt.md §6).
      this.clearTimer('willTimer');
      this.publishWillNow();
    }
    this.clearTimer('persistTimer');
    if (this.isDurable) void this.services.sessions.remove(this.hubKey, this.connectionId).catch(() => undefined);
    this.inflight.clear();
    this.pending.length = 0;
    this.heldBytes = 0;
    this.services.local.unregister(this);
    this.services.lifecycle.disconnected(this.info(), reason, disconnectedEventMqtt(this.version, this.lastDisconnect));
  }

  private scheduleWill(): void {
    const delay = this.will ? willDelayMs(this.will, this.sessionExpirySeconds) : 0;
    if (delay <= 0) {
      this.publishWillNow();
      return;
    }
    this.willTimer = setTimeout(() => {
      this.willTimer = null;
      this.publishWillNow();
    }, delay);
    this.willTimer.unref();
  }

  /** The will goes out like a PUBLISH of this session, permission checked now (mqtt.md §6). */
  private publishWillNow(): void {
    const will = this.will;
    this.will = undefined;
    if (!will) return;
    const publish = willToPublish(will);
    const outcome = publishToSend(publish, {
      hub: this.hubKey,
      version: this.version,
      connectionId: this.connectionId,
      userId: this.userId,
      permissions: this.permissions,
      receivedAtMs: Date.now(),
      retainAvailable: this.features.retainedMessages,
    });
    if (outcome.kind !== 'send') return;
    const origin = outcome.send.mqtt;
    if (origin?.kind !== 'publish' || !origin.retain) return void this.services.router.send(outcome.send);
    // A retained will is kept before it goes out, as a retained PUBLISH is (a will has no PUBACK to refuse it with).
    const send = outcome.send;
    void this.services.retained
      .store(this.hubKey, publish.topic, { payload: origin.payload, qos: origin.qos, properties: origin.properties })
      .catch(() => undefined)
      .then(() => this.services.router.send(send));
  }

  /** The frame's own packet id when this session has it free: then its shared bytes go out as they are. */
  private packetIdFor(frame: PublishFrame): number {
    return frame.packetId !== 0 && !this.inflight.has(frame.packetId) ? frame.packetId : this.allocatePacketId();
  }

  private allocatePacketId(): number {
    for (let tries = 0; tries < 65535; tries++) {
      const id = this.nextPacketId;
      this.nextPacketId = id === 65535 ? 1 : id + 1;
      if (!this.inflight.has(id)) return id;
    }
    throw new Error('no free packet id');
  }

  /** Moves queued QoS 1/2 PUBLISHes in flight while the client's Receive Maximum allows. */
  private drain(): void {
    if (!this.socket || this.pending.length === 0) return;
    let expired = 0;
    const now = Date.now();
    while (this.pending.length > 0 && this.inflight.size < this.receiveMaximum) {
      const { frame, expiresAt } = this.pending.shift()!;
      // Queued (offline, or behind the client's Receive Maximum) past its TTL: dropped unsent.
      if (expiresAt !== 0 && expiresAt <= now) {
        expired++;
        this.heldBytes -= frame.bytes.length;
        continue;
      }
      const packetId = this.packetIdFor(frame);
      this.inflight.set(packetId, frame);
      if (!this.write(withPacketId(frame, packetId))) break;
    }
    if (expired > 0) this.services.metrics.expired(this.protocol, expired);
  }

  /** Writes a pre-built frame; a client that stopped reading is closed, not buffered for. */
  private write(bytes: Buffer): boolean {
    const result = writeFrame(this.socket, this.outbound, bytes, this.traffic);
    if (result === 'slow-consumer') {
      this.services.metrics.slowConsumerClosed(this.protocol);
      const socket = this.socket!;
      cutSlowConsumer(this.outbound!, () => {
        this.endWith('quotaExceeded', 'the connection did not read its messages fast enough');
        socket.terminate();
      });
    }
    return result === 'written';
  }

  private clearTimer(name: 'expiryTimer' | 'willTimer' | 'persistTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = null;
  }
}
