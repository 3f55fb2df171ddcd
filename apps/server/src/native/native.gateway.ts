import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  chooseSubprotocol,
  compileRoles,
  groupNameProblem,
  hubKey,
  hubNameProblem,
  isReliableProtocol,
  type ClientIdentity,
  type NativeProtocol,
} from '@switchboard/protocol';
import { WebSocketServer } from 'ws';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { newConnectionId } from '../connections/connection-id';
import { ClusterService } from '../cluster/cluster.service';
import { LocalNode } from '../cluster/local-node';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { HubsService } from '../hubs/hubs.service';
import { TokenError } from '../keys/access-token';
import { verifyClientToken } from '../keys/client-token';
import { KeysService } from '../keys/keys.service';
import { MessageRouter } from '../messaging/message-router';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { rejectUpgrade, UpgradeRouter } from '../sockets/upgrade-router';
import { isNativeClientPath, readClientRequest, type ClientRequest } from './client-request';
import { codecFor } from './codecs/codec-for';
import { NativeConnection, type NativeConnectionOptions, type NativeSessionState, type SimpleMode } from './native-connection';
import type { NativeServices } from './native-services';

const CHOSEN_SUBPROTOCOL = Symbol('chosenSubprotocol');
type UpgradeRequest = IncomingMessage & { [CHOSEN_SUBPROTOCOL]?: string | false };
const KEEP_ALIVE_SWEEP_MS = 1000;

/**
 * `/client/hubs/{hub}` (and `/client/?hub=`): authenticates before the upgrade, picks the
 * subprotocol, recovers reliable sessions, and hands each socket to a NativeConnection.
 */
@Injectable()
export class NativeGateway implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(NativeGateway.name);
  private readonly services: NativeServices;
  private readonly connections = new Set<NativeConnection>();
  private readonly server: WebSocketServer;
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly upgrades: UpgradeRouter,
    private readonly keys: KeysService,
    private readonly hubs: HubsService,
    private readonly local: LocalNode,
    private readonly cluster: ClusterService,
    router: MessageRouter,
    lifecycle: ConnectionLifecycle,
    metrics: TrafficMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.services = { local, router, lifecycle, metrics };
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: config.limits.maxMessageBytes,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (_offered, request) => (request as UpgradeRequest)[CHOSEN_SUBPROTOCOL] ?? false,
    });
  }

  onModuleInit(): void {
    // A recovering client that reached another node takes its session from here (§7.6).
    this.local.onHandOver('native', (connection, request) => {
      if (!(connection instanceof NativeConnection) || !connection.isReliable || !connection.acceptsReconnectionToken(request.token ?? '')) {
        return { outcome: 'refused' };
      }
      return { outcome: 'taken', state: connection.handOver() as unknown as Record<string, unknown> };
    });
    this.upgrades.register({ matches: isNativeClientPath, upgrade: (request, socket, head) => this.upgrade(request, socket, head) });
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

  private async upgrade(request: UpgradeRequest, socket: Duplex, head: Buffer): Promise<void> {
    const client = readClientRequest(request);
    const hubProblem = hubNameProblem(client.hubName);
    if (hubProblem || !client.hubName) return rejectUpgrade(socket, 400, hubProblem ?? 'hub name is required');
    const hubName = client.hubName;

    const choice = chooseSubprotocol(client.offeredSubprotocols);
    if (!choice.ok) return rejectUpgrade(socket, 400, choice.message);

    if (client.recovery && isReliableProtocol(choice.protocol)) {
      request[CHOSEN_SUBPROTOCOL] = choice.subprotocol ?? false;
      return this.recover(request, socket, head, hubName, client.recovery, choice.protocol);
    }

    const mode = simpleMode(client);
    if (typeof mode === 'string') return rejectUpgrade(socket, 400, mode);

    const settings = await this.hubs.settings(hubName);
    let identity: ClientIdentity = { userId: null, roles: [], groups: [], customClaims: {} };
    if (client.accessToken) {
      try {
        identity = verifyClientToken(this.keys, client.accessToken, hubName);
      } catch (error) {
        if (error instanceof TokenError) return rejectUpgrade(socket, 401, error.message);
        throw error;
      }
    } else if (settings.anonymousConnectPolicy !== 'allow') {
      return rejectUpgrade(socket, 401, 'an access token is required: pass access_token in the query or an Authorization: Bearer header');
    }

    const connectionId = newConnectionId();
    const decision = await this.services.lifecycle.connect({
      hubKey: hubKey(hubName),
      hubName,
      connectionId,
      userId: identity.userId,
      roles: identity.roles,
      groups: identity.groups,
      subprotocols: client.offeredSubprotocols,
      claims: identity.tokenClaims ?? {},
      query: client.query,
      headers: client.headers,
    });
    if (!decision.accept) return rejectUpgrade(socket, decision.status, decision.message);
    // The connect handler may pick the subprotocol, among those offered (upstream-events.md §4);
    // naming one the client did not offer is a handler error, answered as 500.
    const chosen = decision.subprotocol === undefined ? choice : chooseSubprotocol(client.offeredSubprotocols, decision.subprotocol);
    if (!chosen.ok) return rejectUpgrade(socket, 500, `The connect event handler answered wrongly: ${chosen.message}`);

    const userId = decision.userId !== undefined ? decision.userId : identity.userId;
    const roles = [...identity.roles, ...(decision.roles ?? [])];
    const groups = [...identity.groups, ...(decision.groups ?? [])].filter((group) => groupNameProblem(group) === null);
    request[CHOSEN_SUBPROTOCOL] = chosen.subprotocol ?? false;

    this.server.handleUpgrade(request, socket, head, (ws) => {
      const connection = new NativeConnection(
        {
          connectionId,
          hubKey: hubKey(hubName),
          hubName,
          userId,
          permissions: compileRoles(roles),
          protocol: chosen.protocol,
          subprotocol: chosen.subprotocol ?? null,
          simpleMode: mode,
          remoteAddress: client.remoteAddress,
          keepAliveMs: settings.webSocketKeepAliveIntervalInSeconds * 1000,
          ...this.sessionLimits(),
          reconnectionToken: isReliableProtocol(chosen.protocol) ? randomBytes(24).toString('base64url') : undefined,
          connectionState: decision.connectionState ?? null,
        },
        this.services,
      );
      for (const group of groups) connection.groups.add(group);
      // `connected` first: the `joined` events of its first groups come after it (presence, §3).
      this.services.lifecycle.connected(connection.info());
      this.local.register(connection);
      this.connections.add(connection);
      connection.attach(ws, socket as Socket);
    });
  }

  private sessionLimits(): Pick<NativeConnectionOptions, 'sendBufferBytes' | 'recoveryMs' | 'streams'> {
    const { limits } = this.config;
    return {
      sendBufferBytes: limits.sendBufferBytes,
      recoveryMs: limits.recoverySeconds * 1000,
      streams: { perConnection: limits.streamsPerConnection, maxIdleTimeoutMs: limits.streamMaxIdleSeconds * 1000 },
    };
  }

  /**
   * A reliable client back after a drop (§7.6). Failure is told inside an accepted WebSocket:
   * `disconnected` then close 1008 is the only answer that stops the SDK from retrying.
   */
  private async recover(
    request: UpgradeRequest,
    socket: Duplex,
    head: Buffer,
    hubName: string,
    recovery: NonNullable<ClientRequest['recovery']>,
    protocol: NativeProtocol,
  ): Promise<void> {
    const key = hubKey(hubName);
    const local = this.local.connection(key, recovery.connectionId);
    // Not held here: the node that holds it hands it over, reconnection token checked there.
    const moved =
      local === undefined
        ? await this.cluster.handOver({ hub: key, connectionId: recovery.connectionId, protocol: 'native', action: 'take', token: recovery.reconnectionToken })
        : null;
    this.server.handleUpgrade(request, socket, head, (ws) => {
      let connection: NativeConnection | null = null;
      if (moved?.answer?.outcome === 'taken') {
        connection = NativeConnection.restore(
          moved.answer.state as unknown as NativeSessionState,
          { ...this.sessionLimits(), remoteAddress: (socket as Socket).remoteAddress },
          this.services,
        );
        this.local.registerMoved(connection);
        // What was sent while it moved goes into its replay buffer, after what it brought along.
        this.services.router.deliverCaptured(connection, moved.capture.stop());
      } else if (local instanceof NativeConnection && local.isReliable && local.acceptsReconnectionToken(recovery.reconnectionToken)) {
        connection = local;
      }
      moved?.capture.stop();
      if (!connection) {
        // The codec's frame is framed already: it goes to the TCP socket as it is.
        (socket as Socket).write(codecFor(protocol)!.disconnected('The connection cannot be recovered: it has ended or the reconnection token is wrong.'));
        ws.close(1008, 'recovery refused');
        return;
      }
      this.connections.add(connection);
      connection.attach(ws, socket as Socket);
    });
  }
}

/** `webpubsub_mode` of a simple client (§3), or why it is refused. */
function simpleMode(client: ClientRequest): SimpleMode | string {
  if (client.mode === null || client.mode === 'sendEvent') return { kind: 'sendEvent' };
  if (client.mode === 'sendToGroup') {
    const problem = groupNameProblem(client.modeGroup);
    return problem ? `webpubsub_mode=sendToGroup needs a valid group: ${problem}` : { kind: 'sendToGroup', group: client.modeGroup! };
  }
  return `unknown webpubsub_mode "${client.mode}" (sendEvent or sendToGroup)`;
}
