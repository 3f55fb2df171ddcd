import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LIVE_PATH, LIVE_TICK_MS, SESSION_COOKIE } from '@switchboard/protocol';
import { WebSocketServer } from 'ws';
import { ClusterService } from '../../cluster/cluster.service';
import { LocalNode } from '../../cluster/local-node';
import { TraceBus } from '../../observability/trace-bus';
import { rejectUpgrade, UpgradeRouter } from '../../sockets/upgrade-router';
import { AdminSessionsService } from '../admin-sessions.service';
import { readCookie } from '../cookies';
import { HubTrafficSampler } from '../overview/hub-traffic-sampler';
import { OverviewService } from '../overview/overview.service';
import { LiveChannel, type LiveServices } from './live-channel';

/** How often open channels check that their session still exists (logout, password change). */
const SESSION_CHECK_MS = 15_000;
const CLOSE_SESSION_ENDED = 4401;
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/**
 * The dashboard's push channel at /admin/api/live: connection deltas, overview samples and trace
 * batches over one WebSocket per tab. It authenticates with the session cookie before the
 * upgrade; a cross-site page cannot open it, since the cookie is SameSite=Strict and the Origin
 * must be this server.
 */
@Injectable()
export class LiveGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  private readonly channels = new Set<LiveChannel>();
  private readonly services: LiveServices;
  private ticker: NodeJS.Timeout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private stopSampling: (() => void) | null = null;

  constructor(
    private readonly upgrades: UpgradeRouter,
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
    this.upgrades.register({ matches: (pathname) => pathname === LIVE_PATH, upgrade: (request, socket, head) => this.upgrade(request, socket, head) });
    this.stopSampling = this.sampler.onSample((states) => {
      const uptime = this.overview.uptimeSeconds();
      for (const channel of this.channels) {
        channel.sampled(states, uptime);
        void channel.refreshRemote();
      }
    });
  }

  onApplicationShutdown(): void {
    this.stopSampling?.();
    this.stopTimers();
    this.server.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!sameOrigin(request)) return rejectUpgrade(socket, 403, 'the live channel is open only to pages of this server');
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.find(token) : null;
    if (!token || !session) return rejectUpgrade(socket, 401, 'log in first');
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const channel = new LiveChannel(ws, this.services, token);
      this.channels.add(channel);
      this.startTimers();
      ws.on('message', (data: Buffer, binary: boolean) => {
        if (!binary) channel.receive(data.toString('utf8'));
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        channel.dispose();
        this.channels.delete(channel);
        if (this.channels.size === 0) this.stopTimers();
      });
    });
  }

  /** Timers run only while a dashboard is open. */
  private startTimers(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      for (const channel of this.channels) channel.tick();
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
    const tokens = new Set([...this.channels].map((channel) => channel.sessionToken));
    for (const token of tokens) {
      if (await this.sessions.find(token)) continue;
      for (const channel of this.channels) {
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
