import type { IncomingMessage } from 'node:http';
import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, type OnGatewayConnection } from '@nestjs/websockets';
import { LIVE_PATH, SESSION_COOKIE, LIVE_TICK_MS, type LiveClientMessage } from '@switchboard/protocol';
import type { ServerOptions, WebSocket } from 'ws';
import { ClusterService } from '../../cluster/cluster.service';
import { LocalNode } from '../../cluster/local-node';
import { TraceBus } from '../../observability/trace-bus';
import { RoutedGateway, UNMATCHED_MESSAGE, type Admission, type UpgradeAdmission } from '../../sockets/routed-ws-adapter';
import { AdminSessionsService } from '../admin-sessions.service';
import { readCookie } from '../cookies';
import { HubTrafficSampler } from '../overview/hub-traffic-sampler';
import { OverviewService } from '../overview/overview.service';
import { LiveChannel, type LiveServices } from './live-channel';
import { ignoreSocketError } from '../../sockets/frame-writes';

/** How often open channels check that their session still exists (logout, password change). */
const SESSION_CHECK_MS = 15_000;
const CLOSE_SESSION_ENDED = 4401;
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/**
 * The live channel opens only with a session cookie and from a page of this server: a cross-site
 * page cannot open it, since the cookie is SameSite=Strict and the Origin must be this server.
 */
@Injectable()
export class LiveAdmission implements UpgradeAdmission<string> {
  readonly serverOptions: ServerOptions = { maxPayload: MAX_CLIENT_MESSAGE_BYTES };

  constructor(private readonly sessions: AdminSessionsService) {}

  async admit(request: IncomingMessage): Promise<Admission<string>> {
    if (!sameOrigin(request)) return { refuse: { status: 403, message: 'the live channel is open only to pages of this server' } };
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.find(token) : null;
    if (!token || !session) return { refuse: { status: 401, message: 'log in first' } };
    return { admit: token };
  }
}

/**
 * The dashboard's push channel at /admin/api/live: connection deltas, overview samples and trace
 * batches over one WebSocket per tab, which subscribes and unsubscribes by topic.
 */
@RoutedGateway({ path: LIVE_PATH, matches: (pathname) => pathname === LIVE_PATH, admission: LiveAdmission })
export class LiveGateway implements OnGatewayConnection, OnModuleInit, OnApplicationShutdown {
  private readonly channels = new Map<WebSocket, LiveChannel>();
  private readonly services: LiveServices;
  private ticker: NodeJS.Timeout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private stopSampling: (() => void) | null = null;

  constructor(
    private readonly sessions: AdminSessionsService,
    private readonly sampler: HubTrafficSampler,
    private readonly overview: OverviewService,
    local: LocalNode,
    cluster: ClusterService,
    trace: TraceBus,
  ) {
    this.services = { local, cluster, trace, overview };
  }

  onModuleInit(): void {
    this.stopSampling = this.sampler.onSample((states) => {
      const uptime = this.overview.uptimeSeconds();
      for (const channel of this.channels.values()) {
        channel.sampled(states, uptime);
        void channel.refreshRemote();
      }
    });
  }

  onApplicationShutdown(): void {
    this.stopSampling?.();
    this.stopTimers();
  }

  handleConnection(ws: WebSocket, _request: IncomingMessage, sessionToken: string): void {
    const channel = new LiveChannel(ws, this.services, sessionToken);
    this.channels.set(ws, channel);
    this.startTimers();
    ws.on('error', ignoreSocketError);
    ws.on('close', () => {
      channel.dispose();
      this.channels.delete(ws);
      if (this.channels.size === 0) this.stopTimers();
    });
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() ws: WebSocket, @MessageBody() message: Extract<LiveClientMessage, { type: 'subscribe' }>): void {
    this.channels.get(ws)?.subscribe(message.subscription);
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() ws: WebSocket, @MessageBody() message: Extract<LiveClientMessage, { type: 'unsubscribe' }>): void {
    this.channels.get(ws)?.unsubscribe(message.topic);
  }

  @SubscribeMessage(UNMATCHED_MESSAGE)
  unmatched(@ConnectedSocket() ws: WebSocket, @MessageBody() frame: unknown): void {
    this.channels.get(ws)?.refuse(frame);
  }

  /** Timers run only while a dashboard is open. */
  private startTimers(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      for (const channel of this.channels.values()) channel.tick();
    }, LIVE_TICK_MS);
    this.ticker.unref();
    this.sessionCheck = setInterval(() => void this.closeEndedSessions(), SESSION_CHECK_MS);
    this.sessionCheck.unref();
  }

  private stopTimers(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.sessionCheck) clearInterval(this.sessionCheck);
    this.ticker = this.sessionCheck = null;
  }

  private async closeEndedSessions(): Promise<void> {
    const tokens = new Set([...this.channels.values()].map((channel) => channel.sessionToken));
    for (const token of tokens) {
      if (await this.sessions.find(token)) continue;
      for (const channel of this.channels.values()) {
        if (channel.sessionToken === token) channel.close(CLOSE_SESSION_ENDED, 'the session ended');
      }
    }
  }
}

/** Browsers always send Origin on WebSocket upgrades; it must name the host the request went to. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
