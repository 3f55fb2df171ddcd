import type { Send } from '@switchboard/protocol';
import type { AnswerOf, RequestKind, RequestOf } from './cluster-requests';
import { ClusterPort, type ConfigChange, type NodeRecord, type NodeStats, type RequestHandler, type SendHandler } from './cluster.port';

const DONE = Promise.resolve();

/** One node alone: every send and request is answered here, with nothing to install. */
export class InProcessCluster extends ClusterPort {
  readonly kind = 'in-process' as const;
  private readonly sendHandlers: SendHandler[] = [];
  private requestHandler: RequestHandler | null = null;
  private stats: () => NodeStats = () => ({ connections: 0, messagesPerSecond: 0 });
  private readonly startedAt = Date.now();

  constructor(
    readonly nodeId: string,
    private readonly address: string,
  ) {
    super();
  }

  publish(send: Send): Promise<void> {
    for (const handler of this.sendHandlers) handler(send, false);
    return DONE;
  }

  onSend(handler: SendHandler): void {
    this.sendHandlers.push(handler);
  }

  async request<K extends RequestKind>(request: RequestOf<K>): Promise<Array<AnswerOf<K>>> {
    if (!this.requestHandler) throw new Error('no node answers cluster requests yet');
    return [(await this.requestHandler(request as never)) as AnswerOf<K>];
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  announce(_change: ConfigChange): void {
    // No other node to tell.
  }

  onConfigChange(_handler: (change: ConfigChange) => void): void {
    // Changes are made by this node only, which applies them itself.
  }

  reportStats(source: () => NodeStats): void {
    this.stats = source;
  }

  nodes(): NodeRecord[] {
    return [{ nodeId: this.nodeId, address: this.address, startedAt: this.startedAt, heartbeatAt: Date.now(), ...this.stats() }];
  }

  get connected(): boolean {
    return true;
  }
}
