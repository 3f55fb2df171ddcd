import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { OnGatewayConnection } from '@nestjs/websockets';
import { lonePubackId, PacketSizeGuard } from '@switchboard/protocol';
import type { Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { newConnectionId } from '../connections/connection-id';
import { ClusterService } from '../cluster/cluster.service';
import { LocalNode } from '../cluster/local-node';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { MessageRouter } from '../messaging/message-router';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { RoutedGateway } from '../sockets/routed-ws-adapter';
import { connect } from './handlers/connect';
import { dispatch } from './handlers/dispatch';
import { PublishOrder } from './handlers/publish-order';
import { createPacketParser, forgetConnectPacket } from './packet-parser';
import { MqttAdmission, type MqttAdmitted } from './mqtt-admission';
import { isMqttPath } from './mqtt-request';
import type { MqttServices } from './mqtt-services';
import { MqttSession } from './mqtt-session';
import { PersistedSessions } from './persistence/persisted-sessions.service';
import { RetainedMessages } from './retained/retained-messages.service';
import { HubsService } from '../hubs/hubs.service';
import { ClusterPort } from '../cluster/cluster.port';

/** A network connection that sends no CONNECT in this time is closed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Before CONNECT nothing is known of the client but its token: its CONNECT may be this large. */
const CONNECT_MAX_BYTES = 64 * 1024;
/**
 * Packets waiting behind one that awaits the event handler (a `$webpubsub/server/events` PUBLISH):
 * past these the socket is no longer read; past twice these the client is told 0x97 and closed.
 */
const QUEUE_PAUSE_PACKETS = 64;
const MIN_SWEEP_SIZE = 1024;
/** How often a node looks for durable sessions of nodes that are gone. */
const ORPHAN_CLAIM_MS = 5000;
const QUEUE_PAUSE_BYTES = 4 * 1024 * 1024;

/**
 * `/clients/mqtt/hubs/{hub}`: MQTT 3.1.1 and 5.0 over WebSocket (spec/mqtt.md). MqttAdmission
 * checks the token at the upgrade; each socket gets its own streaming packet parser, since
 * packets may span or share WebSocket frames.
 */
@RoutedGateway({ path: '/clients/mqtt/hubs/{hub}', matches: isMqttPath, admission: MqttAdmission })
export class MqttGateway implements OnGatewayConnection, OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MqttGateway.name);
  private readonly services: MqttServices;
  private readonly sessions = new Set<MqttSession>();
  private sweepAtSize = MIN_SWEEP_SIZE;

  constructor(
    private readonly local: LocalNode,
    cluster: ClusterService,
    router: MessageRouter,
    lifecycle: ConnectionLifecycle,
    metrics: TrafficMetrics,
    retained: RetainedMessages,
    sessions: PersistedSessions,
    private readonly hubs: HubsService,
    private readonly port: ClusterPort,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.services = { local, cluster, router, lifecycle, metrics, config, retained, sessions };
  }

  private idlePing: NodeJS.Timeout | null = null;
  private claiming: NodeJS.Timeout | null = null;

  /**
   * Durable sessions whose node is gone (this one before a restart, or a node that died) come here
   * and wait offline for their clients. On Redis the first claim waits for the other nodes'
   * heartbeats, so that it takes nothing a live node holds.
   */
  onApplicationBootstrap(): void {
    let atStart = true;
    const claim = () => {
      const first = atStart;
      atStart = false;
      void this.claimOrphans(first).catch((error: Error) => this.logger.error(`claiming durable MQTT sessions failed: ${error.message}`));
    };
    // One node alone claims once; on Redis, again and again, since any node may die.
    if (this.port.kind === 'in-process') return claim();
    this.claiming = setInterval(claim, ORPHAN_CLAIM_MS);
    this.claiming.unref();
  }

  private async claimOrphans(atStart: boolean): Promise<void> {
    for (const { state, expiresAt } of await this.services.sessions.claimOrphans(atStart)) {
      const { session: saved } = state;
      if (this.local.connection(saved.hubKey, saved.clientId)) continue;
      const features = (await this.hubs.settings(saved.hubName)).mqtt;
      const session = MqttSession.restore(
        saved,
        {
          version: state.version,
          remoteAddress: undefined,
          sessionExpirySeconds: state.sessionExpirySeconds,
          receiveMaximum: state.receiveMaximum,
          maximumPacketSize: state.maximumPacketSize,
          will: undefined,
          physicalConnectionId: saved.sessionId,
          features,
        },
        this.services,
      );
      this.local.registerMoved(session);
      session.waitOffline(expiresAt);
      this.track(session);
      void session.persistNow();
    }
  }

  onModuleInit(): void {
    // forEach, not for-of: a loop this cold runs unoptimised, where for-of makes a step object per session.
    this.idlePing = setInterval(() => {
      this.sessions.forEach((session) => {
        if (session.isEnded) this.sessions.delete(session);
        else session.probeIdle();
      });
    }, this.services.config.limits.idlePingSeconds * 1000);
    this.idlePing.unref();
    // A CONNECT with this client id reached another node: end the session (clean start) or hand it over.
    this.local.onHandOver('mqtt', (connection, request) => {
      if (!(connection instanceof MqttSession)) return { outcome: 'refused' };
      if (request.action === 'end') {
        connection.takenOver();
        return { outcome: 'ended' };
      }
      return { outcome: 'taken', state: connection.handOver() as unknown as Record<string, unknown> };
    });
  }

  /** Every session is told; durable ones are written before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.idlePing) clearInterval(this.idlePing);
    if (this.claiming) clearInterval(this.claiming);
    await Promise.all([...this.sessions].map((session) => session.shutdown()));
  }

  handleConnection(ws: WebSocket, request: IncomingMessage, client: MqttAdmitted): void {
    this.serve(ws, request.socket as Socket, client);
  }

  /** One network connection: CONNECT first, then packets in order, one at a time. */
  private serve(
    ws: WebSocket,
    wire: Socket,
    client: MqttAdmitted,
  ): void {
    const parser = createPacketParser();
    // Every packet's size is checked from its fixed header before the parser buffers its body:
    // the limit is the Maximum Packet Size the CONNACK advertises (MQTT 5.0 §3.1.2.11.4).
    const guard = new PacketSizeGuard(this.services.config.limits.maxMessageBytes, CONNECT_MAX_BYTES);
    let refused = false;
    let session: MqttSession | null = null;
    let connecting = false;
    const queue: Packet[] = [];
    let queuedBytes = 0;
    let busy = false;
    const order = new PublishOrder();
    // The upgrade's headers, query and token claims matter until CONNECT only, and the closures
    // below live as long as the connection: they reach them through this, cleared at CONNECT.
    let admitted: MqttAdmitted | null = client;
    // Let go once cleared: this scope lives as long as the connection.
    let connectTimer: NodeJS.Timeout | null = setTimeout(() => ws.terminate(), CONNECT_TIMEOUT_MS);
    connectTimer.unref();

    const fail = (text: string, reason: 'malformedPacket' | 'packetTooLarge' = 'malformedPacket') => {
      refused = true;
      this.logger.warn(`MQTT connection ${session?.connectionId ?? `from ${wire.remoteAddress}`} closed: ${text}`);
      if (session?.isCurrent(ws)) session.dropNetwork(reason, text);
      else ws.terminate();
    };

    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        while (queue.length > 0) {
          const packet = queue.shift()!;
          queuedBytes -= packetBytes(packet);
          if (queue.length < QUEUE_PAUSE_PACKETS && queuedBytes < QUEUE_PAUSE_BYTES) ws.resume();
          if (!session) {
            if (packet.cmd !== 'connect' || connecting) return fail('the first packet must be CONNECT');
            connecting = true;
            clearTimeout(connectTimer!);
            connectTimer = null;
            const context = { ...admitted!, remoteAddress: wire.remoteAddress, socket: ws, wire, physicalConnectionId: newConnectionId() };
            admitted = null;
            session = await connect(packet, context, this.services);
            if (!session) return;
            forgetConnectPacket(parser, session.version);
            this.track(session);
            continue;
          }
          if (!session.isCurrent(ws)) return;
          session.touch();
          const waiting = dispatch(session, packet, ws, this.services, order);
          if (waiting) await waiting;
        }
      } catch (error) {
        // One line with the connection, never a stack: a client's bad packet is not our crash.
        fail(`could not process a packet: ${(error as Error).message}`);
      } finally {
        busy = false;
      }
    };

    const accept = (packet: Packet) => {
      if (refused) return;
      queue.push(packet);
      queuedBytes += packetBytes(packet);
      const over = Math.max(queue.length / QUEUE_PAUSE_PACKETS, queuedBytes / QUEUE_PAUSE_BYTES);
      if (over >= 2) {
        refused = true;
        queue.length = 0;
        this.logger.warn(`MQTT connection ${session?.connectionId ?? `from ${wire.remoteAddress}`} closed: too many packets waiting`);
        if (session?.isCurrent(ws)) session.dropNetwork('quotaExceeded', 'too many packets are waiting to be processed');
        else ws.terminate();
        return;
      }
      if (over >= 1) ws.pause();
      if (!busy) void run();
    };
    parser.on('packet', accept);
    parser.on('error', (error: Error) => {
      if (!refused) fail(`malformed packet: ${error.message}`);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (refused) return;
      // MQTT over WebSocket is binary frames only (MQTT 5.0 §6).
      if (!isBinary) return fail('MQTT packets must come in binary frames');
      // Between packets the parser holds no bytes, so a frame that is one whole PUBACK (a QoS 1
      // subscriber's answer to every delivery) can skip it and join the same queue.
      const pubackId = session && guard.atPacketBoundary ? lonePubackId(data) : -1;
      if (pubackId >= 0) {
        // With nothing before it waiting, it is done here rather than queued for run().
        if (!busy && queue.length === 0 && !order.busy && session!.isCurrent(ws)) {
          session!.touch();
          session!.acknowledged(pubackId);
          return;
        }
        return accept({ cmd: 'puback', messageId: pubackId, length: 2 } as Packet);
      }
      const verdict = guard.feed(data);
      if (!verdict.ok) {
        return 'malformed' in verdict
          ? fail(`malformed packet: ${verdict.malformed}`)
          : fail(`a packet of ${verdict.declaredBytes} bytes is larger than the ${verdict.limitBytes} allowed`, 'packetTooLarge');
      }
      parser.parse(data);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (connectTimer) clearTimeout(connectTimer);
      connectTimer = null;
      session?.networkGone(ws, true, 'the network connection was lost');
    });
  }

  private track(session: MqttSession): void {
    this.sessions.add(session);
    // Ended sessions go at every idle ping, and here once the set has doubled since the last sweep:
    // a sweep per CONNECT made a burst of connects quadratic.
    if (this.sessions.size < this.sweepAtSize) return;
    for (const known of this.sessions) if (known.isEnded) this.sessions.delete(known);
    this.sweepAtSize = Math.max(MIN_SWEEP_SIZE, this.sessions.size * 2);
  }
}

/** A packet's size as mqtt-packet read it (its remaining length). */
function packetBytes(packet: Packet): number {
  return (packet as { length?: number }).length ?? 0;
}
