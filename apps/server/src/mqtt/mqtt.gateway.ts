import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClusterService } from '../cluster/cluster.service';
import { LocalNode } from '../cluster/local-node';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { MessageRouter } from '../messaging/message-router';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { RoutedGateway } from '../sockets/routed-ws-adapter';
import { MqttAdmission, type MqttAdmitted } from './mqtt-admission';
import { isMqttPath } from './mqtt-request';
import { MqttNetworkConnection, type MqttNetworkContext } from './mqtt-network-connection';
import type { MqttServices } from './mqtt-services';
import { MqttSession } from './mqtt-session';
import { PersistedSessions } from './persistence/persisted-sessions.service';
import { RetainedMessages } from './retained/retained-messages.service';
import { HubsService } from '../hubs/hubs.service';
import { ClusterPort } from '../cluster/cluster.port';

const MIN_SWEEP_SIZE = 1024;
/** How often a node looks for durable sessions of nodes that are gone. */
const ORPHAN_CLAIM_MS = 5000;

/**
 * `/clients/mqtt/hubs/{hub}`: MQTT 3.1.1 and 5.0 over WebSocket (spec/mqtt.md). MqttAdmission
 * checks the token at the upgrade; each socket is then an MqttNetworkConnection until it closes.
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
    this.network = { services: this.services, logger: this.logger, track: (session) => this.track(session) };
  }

  private readonly network: MqttNetworkContext;

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
    new MqttNetworkConnection(ws, request.socket as Socket, client, this.network);
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
