import {
  compileRoles,
  isReliableProtocol,
  type AckError,
  type ClientFrame,
  type MessagePayload,
  type NativeProtocol,
  type PermissionSet,
  type Send,
  type StreamReply,
} from '@switchboard/protocol';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { ClientConnection, TrafficCounters, WireFlavour } from '../connections/client-connection';
import type { ConnectionInfo } from '../connections/lifecycle.port';
import type { OutboundMessage } from '../messaging/outbound-message';
import { closeSocket, cutSlowConsumer, ignoreSocketError, writeFrame } from '../sockets/frame-writes';
import { OutboundQueue } from '../sockets/outbound-queue';
import { AckMemory } from './ack-memory';
import { codecFor } from './codecs/codec-for';
import type { NativeCodec } from './codecs/native-codec';
import type { NativeFrameContext } from './handlers/frame-context';
import { joinOrLeaveGroup } from './handlers/group-membership';
import { invoke, PendingInvocations } from './handlers/invoke';
import { sendToGroup } from './handlers/send-to-group';
import { rawMessageEvent, userEvent } from './handlers/user-event';
import type { NativeServices } from './native-services';
import { ReplayBuffer } from './replay-buffer';
import { PublisherStreams, type PublisherStreamsSnapshot, type StreamLimits, type StreamPublisher } from './streams/publisher-streams';
import { GroupMember } from '../connections/group-member';

/** What a simple (raw) client's frames mean, fixed by `webpubsub_mode` at connect (§3). */
export type SimpleMode = { kind: 'sendEvent' } | { kind: 'sendToGroup'; group: string };

export interface NativeConnectionOptions {
  connectionId: string;
  hubKey: string;
  hubName: string;
  userId: string | null;
  permissions: PermissionSet;
  protocol: NativeProtocol;
  subprotocol: string | null;
  simpleMode: SimpleMode;
  remoteAddress: string | undefined;
  keepAliveMs: number;
  sendBufferBytes: number;
  recoveryMs: number;
  streams: Omit<StreamLimits, 'closedMemoryMs'>;
  reconnectionToken?: string;
  /** Set by the connect handler's `ce-connectionState` (upstream-events.md §3), or null. */
  connectionState: string | null;
  /** A session moved from another node keeps the time it first connected. */
  connectedAt?: Date;
}

/** A reliable session on its way to another node (a recovery that reached a different node). */
export interface NativeSessionState {
  protocol: 'jsonReliable' | 'protobufReliable';
  connectionId: string;
  hubKey: string;
  hubName: string;
  userId: string | null;
  roles: string[];
  groups: string[];
  subprotocol: string | null;
  keepAliveMs: number;
  reconnectionToken: string;
  connectionState: string | null;
  connectedAt: string;
  traffic: TrafficCounters;
  replay: ReturnType<ReplayBuffer['snapshot']>;
  streams: PublisherStreamsSnapshot;
}

/** Frames waiting behind a blocking event before the socket is paused (issue "Hardening", item 3). */
const BACKLOG_PAUSE_FRAMES = 64;
const BACKLOG_PAUSE_BYTES = 4 * 1024 * 1024;

// Reliable protocol bounds (spec/client-protocols.md §7.4).
const REPLAY_MAX_MESSAGES = 1000;
const REPLAY_MAX_BYTES = 16 * 1024 * 1024;
const CLOSE_POLICY = 1008;
const CLOSE_GOING_AWAY = 1001;

const CONNECTION = Symbol('nativeConnection');
type Owned<T> = T & { [CONNECTION]?: NativeConnection };

/**
 * One native client session: `/client/hubs/{hub}` with no subprotocol, json or json-reliable.
 * A reliable session outlives its socket: when the socket drops, it stays registered (and keeps
 * buffering) for the recovery window, and a recovering socket takes its place.
 */
export class NativeConnection extends GroupMember implements ClientConnection, NativeFrameContext, StreamPublisher {
  readonly connectionId: string;
  readonly hubKey: string;
  readonly hubName: string;
  readonly userId: string | null;
  readonly permissions: PermissionSet;
  readonly flavour: WireFlavour;
  readonly protocol: string;
  // A number, not a Date (96 bytes for every idle connection): the Date is made when asked for.
  private readonly connectedAtMs: number;
  readonly remoteAddress: string | undefined;
  readonly traffic: TrafficCounters = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
  readonly keepAliveMs: number;
  readonly reconnectionToken: string | undefined;
  /** Last time anything arrived from the client (frame or pong): the keep-alive sweep reads it. */
  lastSeen = Date.now();
  lastPing = Date.now();
  /**
   * Opaque state the event handler set (upstream-events.md §3): sent with every later event, kept
   * across a reliable recovery, replaced by a blocking event's answer.
   */
  connectionState: string | null;

  private socket: WebSocket | null = null;
  /** Writes to the TCP socket under `socket`: pre-framed bytes, queued while it does not drain. */
  private outbound: OutboundQueue | null = null;
  private ended = false;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private readonly replay: ReplayBuffer<OutboundMessage> | null;
  /** The subprotocol's wire format, fixed at connect; null for simple clients. */
  private readonly codec: NativeCodec | null;
  private readonly acks = new AckMemory();
  /** Invocations waiting for the event handler, each cancellable (client-protocols-2026.md §1). */
  readonly invocations = new PendingInvocations();
  /** The group streams this connection publishes (client-protocols-2026.md §2), made at its first stream frame. */
  private publisherStreams: PublisherStreams | null = null;
  /** Frames held back behind a blocking event, in arrival order, with their size on the wire. */
  private readonly backlog: Array<{ run: () => void; bytes: number }> = [];
  private backlogBytes = 0;
  private busy = false;

  constructor(
    private readonly options: NativeConnectionOptions,
    private readonly services: NativeServices,
  ) {
    super();
    this.connectionId = options.connectionId;
    this.hubKey = options.hubKey;
    this.hubName = options.hubName;
    this.userId = options.userId;
    this.permissions = options.permissions;
    this.remoteAddress = options.remoteAddress;
    this.keepAliveMs = options.keepAliveMs;
    this.reconnectionToken = options.reconnectionToken;
    this.connectionState = options.connectionState;
    this.connectedAtMs = options.connectedAt?.getTime() ?? Date.now();
    this.flavour = options.protocol === 'simple' ? 'raw' : options.protocol;
    this.protocol = options.subprotocol ?? 'raw';
    this.codec = codecFor(options.protocol);
    const codec = this.codec;
    this.replay = isReliableProtocol(options.protocol) ? new ReplayBuffer<OutboundMessage>(REPLAY_MAX_MESSAGES, REPLAY_MAX_BYTES, codec ? (message, sequenceId) => codec.message(message, sequenceId) : undefined) : null;
  }

  private get streams(): PublisherStreams {
    return (this.publisherStreams ??= new PublisherStreams(this, { ...this.options.streams, closedMemoryMs: this.options.recoveryMs }));
  }

  /** Rebuilds a reliable session that another node handed over, detached until its socket attaches. */
  static restore(
    state: NativeSessionState,
    limits: Pick<NativeConnectionOptions, 'sendBufferBytes' | 'recoveryMs' | 'streams' | 'remoteAddress'>,
    services: NativeServices,
  ): NativeConnection {
    const connection = new NativeConnection(
      {
        ...limits,
        connectionId: state.connectionId,
        hubKey: state.hubKey,
        hubName: state.hubName,
        userId: state.userId,
        permissions: compileRoles(state.roles),
        protocol: state.protocol,
        subprotocol: state.subprotocol,
        simpleMode: { kind: 'sendEvent' },
        keepAliveMs: state.keepAliveMs,
        reconnectionToken: state.reconnectionToken,
        connectionState: state.connectionState,
        connectedAt: new Date(state.connectedAt),
      },
      services,
    );
    for (const group of state.groups) connection.addGroup(group);
    Object.assign(connection.traffic, state.traffic);
    connection.replay!.restore(state.replay);
    if (state.streams.active.length > 0 || state.streams.closed.length > 0) connection.streams.restore(state.streams);
    return connection;
  }

  /**
   * Gives the session to another node: its socket (if any) is cut, it leaves this node's registry,
   * and no `disconnected` event fires, since the session goes on there.
   */
  handOver(): NativeSessionState {
    const socket = this.socket;
    this.socket = null;
    this.outbound = null;
    socket?.terminate();
    this.ended = true;
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.backlog.length = 0;
    this.backlogBytes = 0;
    // The client failed its pending invocations when its socket closed (§1.2).
    this.invocations.cancelAll();
    this.services.local.unregisterMoved(this);
    return {
      protocol: this.options.protocol as NativeSessionState['protocol'],
      connectionId: this.connectionId,
      hubKey: this.hubKey,
      hubName: this.hubName,
      userId: this.userId,
      roles: [...this.permissions.roles],
      groups: [...this.groups],
      subprotocol: this.options.subprotocol,
      keepAliveMs: this.keepAliveMs,
      reconnectionToken: this.reconnectionToken!,
      connectionState: this.connectionState,
      connectedAt: this.connectedAt.toISOString(),
      traffic: { ...this.traffic },
      replay: this.replay!.snapshot(),
      streams: this.publisherStreams?.snapshot() ?? { active: [], closed: [] },
    };
  }

  get connectedAt(): Date {
    return new Date(this.connectedAtMs);
  }

  get isReliable(): boolean {
    return this.replay !== null;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isAttached(): boolean {
    return this.socket !== null;
  }

  info(): ConnectionInfo {
    return {
      hubKey: this.hubKey,
      hubName: this.hubName,
      connectionId: this.connectionId,
      userId: this.userId,
      subprotocol: this.options.subprotocol,
      connectionState: this.connectionState,
    };
  }

  /** Takes a (new) socket: at connect, or when a reliable client recovers. */
  attach(socket: WebSocket, wire: Socket): void {
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
    const previous = this.socket;
    this.socket = socket;
    this.outbound = new OutboundQueue(wire, this.options.sendBufferBytes);
    previous?.terminate();
    this.lastSeen = Date.now();
    (socket as Owned<WebSocket>)[CONNECTION] = this;
    socket.on('message', NativeConnection.onFrame);
    socket.on('pong', NativeConnection.onPong);
    socket.on('close', NativeConnection.onClose);
    socket.on('error', ignoreSocketError);
    if (this.codec) this.sendControl(this.codec.connected({ connectionId: this.connectionId, userId: this.userId, reconnectionToken: this.reconnectionToken }));
    // Recovery: every unacknowledged message again, in order; the client drops ids it has (§7.6).
    if (this.replay) {
      const { frames, expired } = this.replay.takeForResend(Date.now());
      this.services.metrics.expired(this.protocol, expired);
      for (const frame of frames) this.write(frame);
    }
  }

  /** Called by the keep-alive sweep: ping when due, drop a client silent for three intervals (§8). */
  keepAlive(now: number): void {
    const socket = this.socket;
    if (!socket) return;
    if (now - this.lastSeen > 3 * this.keepAliveMs) {
      socket.terminate();
    } else if (now - this.lastPing >= this.keepAliveMs) {
      this.lastPing = now;
      socket.ping();
    }
  }

  deliver(message: OutboundMessage): number {
    if (this.ended) return -1;
    let data: Buffer;
    const replay = this.replay;
    if (!this.codec) {
      // A stream's terminal frame has no payload for a simple client (client-protocols-2026.md §2.4 rule 11).
      if (message.send.stream?.endOfStream) return -1;
      data = message.rawFrame();
    } else if (!replay) data = this.codec.message(message);
    else {
      const sequenceId = replay.nextSequenceId();
      data = this.codec.message(message, sequenceId);
      // Written now, or kept for a client that is away: only then can its TTL run out unsent.
      if (!replay.push(sequenceId, data, this.socket ? 0 : (message.send.expiresAt ?? 0), message)) {
        this.close('The reliable message buffer of this connection is full.');
        return -1;
      }
    }
    // A detached reliable session keeps the frame for its recovery.
    if (!this.socket) return this.replay ? data.length : -1;
    return this.write(data) ? data.length : -1;
  }

  /** Service-initiated end: `disconnected` with the reason, close 1008, session gone (§8). */
  close(reason: string, code = CLOSE_POLICY): void {
    if (this.ended) return;
    const socket = this.socket;
    this.end(reason);
    if (!socket) return;
    if (this.codec) writeFrame(socket, this.outbound, this.codec.disconnected(reason), null);
    closeSocket(socket, this.outbound, code, truncateReason(reason));
  }

  /** Server shutdown: clients are told and may reconnect elsewhere (§8: 1001). */
  shutdown(): void {
    this.close('The service is shutting down.', CLOSE_GOING_AWAY);
  }

  /** Recovery (§7.6) presents the token the session was given; compared in constant time. */
  acceptsReconnectionToken(token: string): boolean {
    const expected = this.reconnectionToken;
    if (!expected || this.ended || token.length !== expected.length) return false;
    let difference = 0;
    for (let i = 0; i < token.length; i++) difference |= token.charCodeAt(i) ^ expected.charCodeAt(i);
    return difference === 0;
  }

  // ---- frames from the client -------------------------------------------------------------

  /** The one answer an invocation gets; none once the client cancelled it or the session ended. */
  answerInvocation(invocationId: string, answer: Parameters<NativeCodec['invokeResponse']>[1]): void {
    const frame = this.codec?.invokeResponse(invocationId, answer);
    if (frame) this.sendControl(frame);
  }

  ack(ackId: number | undefined, error?: AckError): void {
    if (ackId === undefined) return;
    if (!error) this.acks.remember(ackId);
    if (this.codec) this.sendControl(this.codec.ack(ackId, error));
  }

  joinGroup(group: string): void {
    this.services.local.join(this, group);
  }

  leaveGroup(group: string): void {
    this.services.local.leave(this, group);
  }

  reply(reply: StreamReply): void {
    if (this.codec) this.sendControl(this.codec.streamReply(reply));
  }

  publish(send: Send): void {
    void this.services.router.send(send);
  }

  /** A repeated ackId is not executed again (§5); answers it and returns true. */
  answeredAsDuplicate(ackId: number | undefined): boolean {
    if (ackId === undefined || !this.acks.has(ackId)) return false;
    if (this.codec) this.sendControl(this.codec.ack(ackId, { name: 'Duplicate', message: `Message with ack-id: ${ackId} has been processed` }));
    return true;
  }

  // A socket's listeners are shared by every connection rather than closures made for each: the
  // socket (`this`, which may be one a recovery replaced) finds its connection under CONNECTION.
  private static onFrame(this: Owned<WebSocket>, data: Buffer, isBinary: boolean): void {
    this[CONNECTION]!.receive(this, data, isBinary);
  }

  private static onPong(this: Owned<WebSocket>): void {
    this[CONNECTION]!.lastSeen = Date.now();
  }

  private static onClose(this: Owned<WebSocket>, code: number, reason: Buffer): void {
    this[CONNECTION]!.socketClosed(this, code, reason.toString());
  }

  private receive(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    if (socket !== this.socket || this.ended) return;
    this.lastSeen = Date.now();
    this.traffic.messagesIn++;
    this.traffic.bytesIn += data.length;
    this.services.metrics.received(this.protocol, data.length);
    if (!this.codec) {
      this.receiveRaw(data, isBinary);
      return;
    }
    const decoded = this.codec.decode(data, isBinary);
    if (!decoded.ok) {
      if (decoded.disposition === 'close') this.close(`Invalid frame: ${decoded.error.message}`);
      else if (decoded.disposition === 'invokeResponse') this.answerInvocation(decoded.invocationId, { error: decoded.error });
      else if (decoded.disposition === 'stream') this.whenFree(() => this.streams.refused(decoded.streamId, decoded.start, decoded.error), data.length);
      else this.ack(decoded.ackId, decoded.error);
      return;
    }
    const frame = decoded.frame;
    // Invocations run beside the frame reader, so that a cancel is read while its call is in
    // flight (client-protocols-2026.md §1.3): a blocking event does not hold them back.
    if (frame.type === 'invoke') invoke(this, frame, this.services);
    else if (frame.type === 'cancelInvocation') this.invocations.cancel(frame.invocationId);
    else this.whenFree(() => this.handle(frame), data.length);
  }

  private receiveRaw(data: Buffer, isBinary: boolean): void {
    const payload: MessagePayload = isBinary
      ? { dataType: 'binary', data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
      : { dataType: 'text', data: data.toString('utf8') };
    const mode = this.options.simpleMode;
    if (mode.kind === 'sendToGroup') {
      if (!this.permissions.canSendTo(mode.group)) return;
      this.services.router.send({
        hub: this.hubKey,
        target: { kind: 'group', group: mode.group },
        payload,
        from: { kind: 'connection', connectionId: this.connectionId, userId: this.userId },
      });
      return;
    }
    this.whenFree(() => this.runBlocking(rawMessageEvent(this, payload, this.services)), data.length);
  }

  /**
   * Runs a frame now, or after the blocking event in progress (§4.3). The frames waiting are
   * bounded: past the pause mark the socket is no longer read, so the client's own TCP window
   * holds the rest; a client that still overflows twice the mark is closed (1008).
   */
  private whenFree(run: () => void, bytes: number): void {
    if (!this.busy) return run();
    this.backlog.push({ run, bytes });
    this.backlogBytes += bytes;
    const over = Math.max(this.backlog.length / BACKLOG_PAUSE_FRAMES, this.backlogBytes / BACKLOG_PAUSE_BYTES);
    if (over >= 2) this.close('Too many frames are waiting for the event handler: the connection sent faster than its events were answered.');
    else if (over >= 1) this.socket?.pause();
  }

  /** Frames run in arrival order; an awaited user event holds back the frames after it (§4.3). */
  private handle(frame: ClientFrame): void {
    switch (frame.type) {
      case 'joinGroup':
      case 'leaveGroup':
        joinOrLeaveGroup(this, frame);
        break;
      case 'sendToGroup':
        sendToGroup(this, frame, this.services);
        break;
      case 'event':
        this.runBlocking(userEvent(this, frame, this.services));
        break;
      case 'streamStart':
        this.streams.start(frame);
        break;
      case 'streamData':
        this.streams.data(frame);
        break;
      case 'streamEnd':
        this.streams.end(frame);
        break;
      case 'sequenceAck':
        this.replay?.ack(frame.sequenceId);
        break;
      case 'ping':
        if (this.codec) this.sendControl(this.codec.pong());
        break;
      case 'ignored':
      case 'invoke':
      case 'cancelInvocation':
        break;
    }
  }

  private runBlocking(work: Promise<void>): void {
    this.busy = true;
    work
      .catch(() => this.close('The event could not be processed.', 1011))
      .finally(() => {
        this.busy = false;
        while (!this.busy && this.backlog.length > 0 && !this.ended) {
          const next = this.backlog.shift()!;
          this.backlogBytes -= next.bytes;
          next.run();
        }
        if (this.backlog.length < BACKLOG_PAUSE_FRAMES && this.backlogBytes < BACKLOG_PAUSE_BYTES) this.socket?.resume();
      });
  }

  // ---- the socket --------------------------------------------------------------------------

  /** Control frames take the same queue as messages, so nothing overtakes what came first. */
  private sendControl(frame: Buffer): void {
    if (this.socket && !this.ended) this.write(frame, false);
  }

  /** Writes a pre-built frame; a client that stopped reading is closed, not buffered for. */
  private write(frame: Buffer, isMessage = true): boolean {
    const result = writeFrame(this.socket, this.outbound, frame, isMessage ? this.traffic : null);
    if (result === 'slow-consumer') {
      this.services.metrics.slowConsumerClosed(this.protocol);
      const socket = this.socket!;
      // It reads nothing, so no closing handshake: the session ends and the socket is destroyed.
      cutSlowConsumer(this.outbound!, () => {
        this.close('The connection did not read its messages fast enough and was closed.');
        socket.terminate();
      });
    }
    return result === 'written';
  }

  private socketClosed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.outbound = null;
    if (this.ended) return;
    // A reliable session survives only a drop nobody asked for (§7.5: 1006, no close frame); any
    // close frame from the client ends it, 1005 included, which is what the SDK's stop() sends.
    if (this.replay && code === 1006) {
      this.recoveryTimer = setTimeout(() => this.end('The connection was not recovered in time.'), this.options.recoveryMs);
      this.recoveryTimer.unref();
      return;
    }
    this.end(reason || describeClose(code));
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.backlog.length = 0;
    this.backlogBytes = 0;
    this.invocations.cancelAll();
    this.publisherStreams?.cancelAll();
    this.services.local.unregister(this);
    this.services.lifecycle.disconnected(this.info(), reason);
  }
}

function describeClose(code: number): string {
  return code === 1005 || code === 1000 ? 'The client closed the connection.' : `The connection was closed with code ${code}.`;
}

/** Close reasons are limited to 123 bytes on the wire. */
function truncateReason(reason: string): string {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  return text;
}

