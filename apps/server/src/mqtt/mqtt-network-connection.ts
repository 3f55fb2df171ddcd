import type { Socket } from 'node:net';
import type { Logger } from '@nestjs/common';
import { lonePubackId, PacketSizeGuard } from '@switchboard/protocol';
import type { IConnectPacket, Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import { newConnectionId } from '../connections/connection-id';
import { ignoreSocketError } from '../sockets/frame-writes';
import { connect } from './handlers/connect';
import { dispatch } from './handlers/dispatch';
import { PublishOrder } from './handlers/publish-order';
import type { MqttAdmitted } from './mqtt-admission';
import type { MqttServices } from './mqtt-services';
import type { MqttSession } from './mqtt-session';
import { lonePublish } from './lone-publish';
import { createPacketParser, forgetConnectPacket } from './packet-parser';

/** A network connection that sends no CONNECT in this time is closed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Before CONNECT nothing is known of the client but its token: its CONNECT may be this large. */
const CONNECT_MAX_BYTES = 64 * 1024;
/**
 * Packets waiting behind one that awaits the event handler (a `$webpubsub/server/events` PUBLISH):
 * past these the socket is no longer read; past twice these the client is told 0x97 and closed.
 */
const QUEUE_PAUSE_PACKETS = 64;
const QUEUE_PAUSE_BYTES = 4 * 1024 * 1024;

/** What a network connection needs of the gateway that accepted it. */
export interface MqttNetworkContext {
  readonly services: MqttServices;
  readonly logger: Logger;
  /** A session began on this connection (CONNECT accepted). */
  track(session: MqttSession): void;
}

type PacketParser = ReturnType<typeof createPacketParser>;

/**
 * The socket and the parser find their network connection here: their listeners are functions
 * shared by every connection rather than closures made for each, which an idle node holds by the
 * ten thousand.
 */
const NETWORK = Symbol('mqttNetworkConnection');
type Owned<T> = T & { [NETWORK]?: MqttNetworkConnection };

/**
 * One network connection: CONNECT first, then packets in order, one at a time. Its own streaming
 * packet parser, since packets may span or share WebSocket frames.
 */
export class MqttNetworkConnection {
  private readonly parser: Owned<PacketParser> = createPacketParser();
  // Every packet's size is checked from its fixed header before the parser buffers its body:
  // the limit is the Maximum Packet Size the CONNACK advertises (MQTT 5.0 §3.1.2.11.4).
  private readonly guard: PacketSizeGuard;
  private readonly order = new PublishOrder();
  private readonly queue: Packet[] = [];
  private queuedBytes = 0;
  private busy = false;
  private refused = false;
  private connecting = false;
  private session: MqttSession | null = null;
  // The upgrade's headers, query and token claims matter until CONNECT only: let go of them there.
  private admitted: MqttAdmitted | null;
  private connectTimer: NodeJS.Timeout | null;

  constructor(
    private readonly ws: Owned<WebSocket>,
    private readonly wire: Socket,
    admitted: MqttAdmitted,
    private readonly context: MqttNetworkContext,
  ) {
    this.admitted = admitted;
    this.guard = new PacketSizeGuard(context.services.config.limits.maxMessageBytes, CONNECT_MAX_BYTES);
    this.connectTimer = setTimeout(terminate, CONNECT_TIMEOUT_MS, ws);
    this.connectTimer.unref();
    ws[NETWORK] = this;
    this.parser[NETWORK] = this;
    this.parser.on('packet', onPacket);
    this.parser.on('error', onParserError);
    ws.on('message', onFrame);
    ws.on('error', ignoreSocketError);
    ws.on('close', onClose);
  }

  /** One WebSocket frame: MQTT over WebSocket is binary frames only (MQTT 5.0 §6). */
  frame(data: Buffer, isBinary: boolean): void {
    if (this.refused) return;
    if (!isBinary) return this.fail('MQTT packets must come in binary frames');
    const session = this.session;
    // Between packets the parser holds no bytes, so a frame that is one whole PUBACK (a QoS 1
    // subscriber's answer to every delivery) can skip it and join the same queue.
    const pubackId = session && this.guard.atPacketBoundary ? lonePubackId(data) : -1;
    if (pubackId >= 0) {
      // With nothing before it waiting, it is done here rather than queued for run().
      if (!this.busy && this.queue.length === 0 && !this.order.busy && session!.isCurrent(this.ws)) {
        session!.touch();
        session!.acknowledged(pubackId);
        return;
      }
      return this.accept({ cmd: 'puback', messageId: pubackId, length: 2 } as Packet);
    }
    const atBoundary = this.guard.atPacketBoundary;
    const verdict = this.guard.feed(data);
    if (!verdict.ok) {
      return 'malformed' in verdict
        ? this.fail(`malformed packet: ${verdict.malformed}`)
        : this.fail(`a packet of ${verdict.declaredBytes} bytes is larger than the ${verdict.limitBytes} allowed`, 'packetTooLarge');
    }
    // Likewise a frame that is one whole plain PUBLISH, once the version is known (after CONNECT).
    const publish = session && atBoundary ? lonePublish(data, session.version) : null;
    if (publish) return this.accept(publish);
    this.parser.parse(data);
  }

  accept(packet: Packet): void {
    if (this.refused) return;
    this.queue.push(packet);
    this.queuedBytes += packetBytes(packet);
    const over = Math.max(this.queue.length / QUEUE_PAUSE_PACKETS, this.queuedBytes / QUEUE_PAUSE_BYTES);
    if (over >= 2) {
      this.refused = true;
      this.queue.length = 0;
      this.context.logger.warn(`MQTT connection ${this.describe()} closed: too many packets waiting`);
      if (this.session?.isCurrent(this.ws)) this.session.dropNetwork('quotaExceeded', 'too many packets are waiting to be processed');
      else this.ws.terminate();
      return;
    }
    if (over >= 1) this.ws.pause();
    if (!this.busy) void this.run();
  }

  fail(text: string, reason: 'malformedPacket' | 'packetTooLarge' = 'malformedPacket'): void {
    this.refused = true;
    this.context.logger.warn(`MQTT connection ${this.describe()} closed: ${text}`);
    if (this.session?.isCurrent(this.ws)) this.session.dropNetwork(reason, text);
    else this.ws.terminate();
  }

  parserFailed(error: Error): void {
    if (!this.refused) this.fail(`malformed packet: ${error.message}`);
  }

  closed(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    this.session?.networkGone(this.ws, true, 'the network connection was lost');
  }

  private async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const { queue, ws } = this;
    try {
      while (queue.length > 0) {
        const packet = queue.shift()!;
        this.queuedBytes -= packetBytes(packet);
        if (queue.length < QUEUE_PAUSE_PACKETS && this.queuedBytes < QUEUE_PAUSE_BYTES) ws.resume();
        const session = this.session;
        if (!session) {
          if (packet.cmd !== 'connect' || this.connecting) return this.fail('the first packet must be CONNECT');
          await this.connect(packet);
          if (!this.session) return;
          continue;
        }
        if (!session.isCurrent(ws)) return;
        session.touch();
        const waiting = dispatch(session, packet, ws, this.context.services, this.order);
        if (waiting) await waiting;
      }
    } catch (error) {
      // One line with the connection, never a stack: a client's bad packet is not our crash.
      this.fail(`could not process a packet: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async connect(packet: IConnectPacket): Promise<void> {
    this.connecting = true;
    clearTimeout(this.connectTimer!);
    this.connectTimer = null;
    const context = { ...this.admitted!, remoteAddress: this.wire.remoteAddress, socket: this.ws, wire: this.wire, physicalConnectionId: newConnectionId() };
    this.admitted = null;
    const session = await connect(packet, context, this.context.services);
    if (!session) return;
    this.session = session;
    forgetConnectPacket(this.parser, session.version);
    // A drained array keeps its backing store (17 slots after the CONNECT); most connections idle
    // from here on, so it goes back unless packets already wait behind the CONNECT.
    if (this.queue.length === 0) this.queue.length = 0;
    this.context.track(session);
  }

  private describe(): string {
    return this.session?.connectionId ?? `from ${this.wire.remoteAddress}`;
  }
}

function onFrame(this: Owned<WebSocket>, data: Buffer, isBinary: boolean): void {
  this[NETWORK]!.frame(data, isBinary);
}

function onClose(this: Owned<WebSocket>): void {
  this[NETWORK]!.closed();
}

function onPacket(this: Owned<PacketParser>, packet: Packet): void {
  this[NETWORK]!.accept(packet);
}

function onParserError(this: Owned<PacketParser>, error: Error): void {
  this[NETWORK]!.parserFailed(error);
}

function terminate(ws: WebSocket): void {
  ws.terminate();
}

/** A packet's size as mqtt-packet read it (its remaining length). */
function packetBytes(packet: Packet): number {
  return (packet as { length?: number }).length ?? 0;
}
