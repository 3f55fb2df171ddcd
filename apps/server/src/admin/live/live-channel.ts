import { hubKey, hubNameProblem, type LiveServerMessage, type LiveSubscription } from '@switchboard/protocol';
import type { WebSocket } from 'ws';
import type { ClusterService } from '../../cluster/cluster.service';
import type { LocalNode } from '../../cluster/local-node';
import type { TraceBus } from '../../observability/trace-bus';
import type { HubState } from '../overview/hub-traffic-sampler';
import type { OverviewService } from '../overview/overview.service';
import { ConnectionsView } from './connections-view';
import { TraceBuffer } from './trace-buffer';

/** Past this many unsent bytes the channel skips updates: the next tick sends one coalesced delta. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface LiveServices {
  local: LocalNode;
  cluster: ClusterService;
  trace: TraceBus;
  overview: OverviewService;
}

/** One dashboard tab's push channel: what it watches and what it was last sent. */
export class LiveChannel {
  private connections: ConnectionsView | null = null;
  private overview = false;
  private trace: { buffer: TraceBuffer; stop: () => void } | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly services: LiveServices,
    /** The session's token, to close the channel when the session ends. */
    readonly sessionToken: string,
  ) {}

  /** A frame no handler takes: not JSON, or neither subscribe nor unsubscribe. */
  refuse(frame: unknown): void {
    this.send({ type: 'error', message: typeof frame === 'string' ? 'messages must be JSON objects with a type' : 'unknown message type: use subscribe or unsubscribe' });
  }

  /** Sends what changed since the last tick. */
  tick(): void {
    if (this.backedUp()) {
      this.trace?.buffer.discard();
      return;
    }
    const delta = this.connections?.delta();
    if (delta) this.send({ type: 'connections', ...delta });
    const batch = this.trace?.buffer.take();
    if (batch) this.send({ type: 'trace', ...batch });
  }

  /** Rows of the other nodes, asked for about once a second while connections are watched. */
  async refreshRemote(): Promise<void> {
    const view = this.connections;
    if (!view) return;
    const rows = await this.services.cluster.remoteConnections(view.hubKey === null ? {} : { hub: view.hubKey });
    if (this.connections === view) view.setRemote(rows);
  }

  sampled(states: HubState[], uptimeSeconds: number): void {
    if (!this.overview || this.backedUp()) return;
    this.send({
      type: 'overviewSamples',
      uptimeSeconds,
      samples: states.map(({ hub, sample, connectionsByProtocol, groups }) => ({ hub, sample, connectionsByProtocol, groups })),
    });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  dispose(): void {
    this.trace?.stop();
    this.trace = null;
    this.connections = null;
    this.overview = false;
  }

  subscribe(subscription: LiveSubscription | undefined): void {
    switch (subscription?.topic) {
      case 'connections': {
        if (subscription.hub !== undefined && !this.validHub(subscription.hub)) return;
        this.connections = new ConnectionsView(this.services.local, subscription.hub);
        void this.refreshRemote();
        // The first delta is the whole set: send it now rather than at the next tick.
        const delta = this.connections.delta();
        if (delta) this.send({ type: 'connections', ...delta });
        return;
      }
      case 'overview':
        this.overview = true;
        this.send({ type: 'overview', snapshot: this.services.overview.snapshot() });
        return;
      case 'trace': {
        if (!this.validHub(subscription.hub)) return;
        this.trace?.stop();
        const buffer = new TraceBuffer();
        this.trace = { buffer, stop: this.services.trace.watch(hubKey(subscription.hub), buffer) };
        return;
      }
      default:
        this.send({ type: 'error', message: 'subscription.topic must be connections, overview or trace' });
    }
  }

  unsubscribe(topic: LiveSubscription['topic']): void {
    if (topic === 'connections') this.connections = null;
    else if (topic === 'overview') this.overview = false;
    else if (topic === 'trace') {
      this.trace?.stop();
      this.trace = null;
    }
  }

  private validHub(hub: unknown): hub is string {
    const problem = hubNameProblem(hub);
    if (problem) this.send({ type: 'error', message: problem });
    return problem === null;
  }

  private backedUp(): boolean {
    return this.socket.bufferedAmount > MAX_BUFFERED_BYTES;
  }

  private send(message: LiveServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
