import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, OnModuleInit } from '@nestjs/common';
import type { OnGatewayConnection } from '@nestjs/websockets';
import { compileRoles, hubKey, isReliableProtocol } from '@switchboard/protocol';
import type { WebSocket } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LocalNode } from '../cluster/local-node';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { MessageRouter } from '../messaging/message-router';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { RoutedGateway } from '../sockets/routed-ws-adapter';
import { isNativeClientPath } from './client-request';
import { codecFor } from './codecs/codec-for';
import { NativeAdmission, type NativeAdmitted, type NewNativeSession, type RecoveringNativeSession } from './native-admission';
import { NativeConnection, type NativeConnectionOptions, type NativeSessionState } from './native-connection';
import type { NativeServices } from './native-services';

const KEEP_ALIVE_SWEEP_MS = 1000;

/**
 * `/client/hubs/{hub}` (and `/client/?hub=`): NativeAdmission decides the upgrade; here each
 * admitted socket becomes a NativeConnection, or takes back its reliable session (§7.6).
 */
@RoutedGateway({ path: '/client/hubs/{hub}', matches: isNativeClientPath, admission: NativeAdmission })
export class NativeGateway implements OnGatewayConnection, OnModuleInit, BeforeApplicationShutdown {
  private readonly services: NativeServices;
  private readonly connections = new Set<NativeConnection>();
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly local: LocalNode,
    router: MessageRouter,
    lifecycle: ConnectionLifecycle,
    metrics: TrafficMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.services = { local, router, lifecycle, metrics };
  }

  onModuleInit(): void {
    // A recovering client that reached another node takes its session from here (§7.6).
    this.local.onHandOver('native', (connection, request) => {
      if (!(connection instanceof NativeConnection) || !connection.isReliable || !connection.acceptsReconnectionToken(request.token ?? '')) {
        return { outcome: 'refused' };
      }
      return { outcome: 'taken', state: connection.handOver() as unknown as Record<string, unknown> };
    });
    this.sweep = setInterval(() => {
      const now = Date.now();
      for (const connection of this.connections) {
        if (connection.isEnded) this.connections.delete(connection);
        else connection.keepAlive(now);
      }
    }, KEEP_ALIVE_SWEEP_MS);
    this.sweep.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    for (const connection of this.connections) connection.shutdown();
  }

  handleConnection(ws: WebSocket, request: IncomingMessage, admitted: NativeAdmitted): void {
    const wire = request.socket as Socket;
    if (admitted.kind === 'recover') return this.recover(ws, wire, admitted);
    this.open(ws, wire, admitted);
  }

  private open(ws: WebSocket, wire: Socket, session: NewNativeSession): void {
    const connection = new NativeConnection(
      {
        connectionId: session.connectionId,
        hubKey: hubKey(session.hubName),
        hubName: session.hubName,
        userId: session.userId,
        permissions: compileRoles(session.roles),
        protocol: session.protocol,
        subprotocol: session.subprotocol,
        simpleMode: session.simpleMode,
        remoteAddress: wire.remoteAddress,
        keepAliveMs: session.keepAliveMs,
        ...this.sessionLimits(),
        reconnectionToken: isReliableProtocol(session.protocol) ? randomBytes(24).toString('base64url') : undefined,
        connectionState: session.connectionState,
      },
      this.services,
    );
    for (const group of session.groups) connection.addGroup(group);
    // `connected` first: the `joined` events of its first groups come after it (presence, §3).
    this.services.lifecycle.connected(connection.info());
    this.local.register(connection);
    this.connections.add(connection);
    connection.attach(ws, wire);
  }

  /**
   * Failure is told inside the accepted WebSocket: `disconnected` then close 1008 is the only
   * answer that stops the SDK from retrying.
   */
  private recover(ws: WebSocket, wire: Socket, recovery: RecoveringNativeSession): void {
    const { moved, local } = recovery;
    let connection: NativeConnection | null = null;
    if (moved?.answer?.outcome === 'taken') {
      connection = NativeConnection.restore(moved.answer.state as unknown as NativeSessionState, { ...this.sessionLimits(), remoteAddress: wire.remoteAddress }, this.services);
      this.local.registerMoved(connection);
      // What was sent while it moved goes into its replay buffer, after what it brought along.
      this.services.router.deliverCaptured(connection, moved.capture.stop());
    } else if (local instanceof NativeConnection && local.isReliable && local.acceptsReconnectionToken(recovery.reconnectionToken)) {
      connection = local;
    }
    moved?.capture.stop();
    if (!connection) {
      // The codec's frame is framed already: it goes to the TCP socket as it is.
      wire.write(codecFor(recovery.protocol)!.disconnected('The connection cannot be recovered: it has ended or the reconnection token is wrong.'));
      ws.close(1008, 'recovery refused');
      return;
    }
    this.connections.add(connection);
    connection.attach(ws, wire);
  }

  private sessionLimits(): Pick<NativeConnectionOptions, 'sendBufferBytes' | 'recoveryMs' | 'streams'> {
    const { limits } = this.config;
    return {
      sendBufferBytes: limits.sendBufferBytes,
      recoveryMs: limits.recoverySeconds * 1000,
      streams: { perConnection: limits.streamsPerConnection, maxIdleTimeoutMs: limits.streamMaxIdleSeconds * 1000 },
    };
  }
}
