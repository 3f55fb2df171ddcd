import { Logger } from '@nestjs/common';
import type { Send } from '@switchboard/protocol';
import Redis from 'ioredis';
import type { AnswerOf, RequestKind, RequestOf } from '../cluster-requests';
import { ClusterPort, SendCapture, type ConfigChange, type NodeRecord, type NodeStats, type RequestHandler, type SendHandler } from '../cluster.port';
import { decodeEnvelope, encodeEnvelope, type Envelope } from './bus-envelope';

export interface RedisClusterOptions {
  url: string;
  nodeId: string;
  address: string;
  /** Names the bus and keys, so that several clusters can share one Redis. */
  prefix: string;
  heartbeatMs: number;
  /** A node not heard from for this long is dead: it is left out of every answer. */
  nodeTimeoutMs: number;
  requestTimeoutMs: number;
}

interface PendingRequest {
  waitingFor: Set<string>;
  answers: unknown[];
  enough?: (answer: never) => boolean;
  done: (answers: unknown[]) => void;
  timer: NodeJS.Timeout;
}

interface KnownNode {
  record: NodeRecord;
  /** By this node's clock, so that clock skew between machines never kills a node. */
  heardAt: number;
}

const DONE = Promise.resolve();

/**
 * The cluster on Redis pub/sub. Every node listens on one bus channel (sends, requests, config
 * changes, heartbeats) and on a channel of its own (answers). A send is published and delivered by
 * every node, the publishing one included, as the bus hands it over: each node delivers it once,
 * all in the bus's one order.
 *
 * While Redis is unreachable the node serves its own clients alone: publishes are dropped rather
 * than queued, and requests are answered by this node only. ioredis reconnects and re-subscribes.
 */
export class RedisCluster extends ClusterPort {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('Cluster');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly busChannel: string;
  private readonly ownChannel: string;
  private readonly nodesKey: string;
  private readonly sendHandlers: SendHandler[] = [];
  private readonly configHandlers: Array<(change: ConfigChange) => void> = [];
  private requestHandler: RequestHandler | null = null;
  private stats: () => NodeStats = () => ({ connections: 0, messagesPerSecond: 0 });
  private readonly known = new Map<string, KnownNode>();
  private readonly pending = new Map<number, PendingRequest>();
  /** Captures open now, and the request whose echo starts each. */
  private readonly captures = new Set<SendCapture>();
  private readonly captureAt = new Map<number, SendCapture>();
  private nextRequestId = 1;
  private readonly startedAt = Date.now();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastOwnRecord: NodeRecord | null = null;
  private closing = false;
  private lostLogged = false;
  /** Sends dropped because Redis was unreachable; read by metrics. */
  droppedSends = 0;

  constructor(private readonly options: RedisClusterOptions) {
    super();
    const { url, prefix, nodeId } = options;
    const retryStrategy = (times: number) => Math.min(100 * times, 1000);
    this.publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, lazyConnect: true, connectionName: `switchboard-${nodeId}-pub` });
    this.subscriber = new Redis(url, { retryStrategy, lazyConnect: true, connectionName: `switchboard-${nodeId}-sub` });
    this.busChannel = `${prefix}:bus`;
    this.ownChannel = `${prefix}:node:${nodeId}`;
    this.nodesKey = `${prefix}:nodes`;
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.logger.debug?.(`redis: ${error.message}`));
    }
    this.subscriber.on('close', () => this.lostBus());
    this.subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.receive(message));
    this.subscriber.on('ready', () => {
      this.lostLogged = false;
      this.logger.log('connected to the Redis bus');
      this.beat();
    });
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** Connects both clients and learns the live nodes; fails when Redis cannot be reached at start. */
  async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.busChannel, this.ownChannel);
    const now = Date.now();
    for (const value of Object.values(await this.publisher.hgetall(this.nodesKey))) {
      const record = JSON.parse(value) as NodeRecord;
      const age = now - record.heartbeatAt;
      if (record.nodeId !== this.nodeId && age < this.options.nodeTimeoutMs) this.known.set(record.nodeId, { record, heardAt: now - age });
    }
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const request of this.pending.values()) this.finish(request);
    try {
      if (this.publisher.status === 'ready') {
        this.publishEnvelope({ type: 'leave', origin: this.nodeId });
        await this.publisher.hdel(this.nodesKey, this.nodeId);
      }
    } finally {
      this.publisher.disconnect();
      this.subscriber.disconnect();
    }
  }

  /**
   * Through Redis for this node too: Redis puts every node's sends in one order, which every node
   * then delivers, so even a publisher whose successive REST calls land on different nodes is
   * delivered in its order. Without Redis, this node's own clients still get it at once.
   */
  publish(send: Send): Promise<void> {
    const deliverHere = () => {
      for (const handler of this.sendHandlers) handler(send, false);
    };
    if (this.publisher.status !== 'ready') {
      this.droppedSends++;
      deliverHere();
      return DONE;
    }
    return this.publisher.publish(this.busChannel, encodeEnvelope({ type: 'send', origin: this.nodeId, send })).then(
      () => undefined,
      () => {
        // The bus lost it (Redis went away mid-write): this node's clients get it all the same.
        this.droppedSends++;
        deliverHere();
      },
    );
  }

  onSend(handler: SendHandler): void {
    this.sendHandlers.push(handler);
  }

  async request<K extends RequestKind>(
    request: RequestOf<K>,
    enough?: (answer: AnswerOf<K>) => boolean,
    capture?: SendCapture,
  ): Promise<Array<AnswerOf<K>>> {
    if (!this.requestHandler) throw new Error('no node answers cluster requests yet');
    const local = (await this.requestHandler(request as never)) as AnswerOf<K>;
    const others = this.liveOthers();
    if (others.length === 0 || enough?.(local)) return [local];
    const id = this.nextRequestId++;
    if (capture) {
      this.captures.add(capture);
      this.captureAt.set(id, capture);
    }
    if (!this.publishEnvelope({ type: 'request', origin: this.nodeId, id, request })) return [local];
    return new Promise((resolve) => {
      const pending: PendingRequest = {
        waitingFor: new Set(others),
        answers: [local],
        enough: enough as PendingRequest['enough'],
        done: resolve as (answers: unknown[]) => void,
        timer: setTimeout(() => this.finish(pending, id), this.options.requestTimeoutMs),
      };
      this.pending.set(id, pending);
    });
  }

  onRequest(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  announce(change: ConfigChange): void {
    this.publishEnvelope({ type: 'config', origin: this.nodeId, change });
  }

  onConfigChange(handler: (change: ConfigChange) => void): void {
    this.configHandlers.push(handler);
  }

  reportStats(source: () => NodeStats): void {
    this.stats = source;
  }

  /** This node as of its last heartbeat (a send may ask for every node; counting them each time would not do). */
  nodes(): NodeRecord[] {
    this.forgetDead();
    this.lastOwnRecord ??= this.ownRecord();
    return [this.lastOwnRecord, ...[...this.known.values()].map(({ record }) => record)];
  }

  get connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  private liveOthers(): string[] {
    if (!this.connected) return [];
    this.forgetDead();
    return [...this.known.keys()];
  }

  private receive(bytes: Buffer): void {
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(bytes);
    } catch (error) {
      this.logger.warn(`ignored a bus message: ${(error as Error).message}`);
      return;
    }
    if (envelope.type === 'send') {
      for (const capture of this.captures) {
        if (capture.isOpen) capture.offer(envelope.send);
        else this.captures.delete(capture);
      }
      const fromAnotherNode = envelope.origin !== this.nodeId;
      if (fromAnotherNode) this.heard(envelope.origin);
      for (const handler of this.sendHandlers) handler(envelope.send, fromAnotherNode);
      return;
    }
    if (envelope.origin === this.nodeId) {
      // Our own request, at its place in the bus order: the sends after it are captured.
      if (envelope.type === 'request') {
        this.captureAt.get(envelope.id)?.start();
        this.captureAt.delete(envelope.id);
      }
      return;
    }
    switch (envelope.type) {
      case 'request':
        this.heard(envelope.origin);
        void this.answer(envelope.origin, envelope.id, envelope.request);
        return;
      case 'answer':
        this.answered(envelope.origin, envelope.id, envelope.answer);
        return;
      case 'config':
        for (const handler of this.configHandlers) handler(envelope.change as ConfigChange);
        return;
      case 'heartbeat':
        this.known.set(envelope.origin, { record: envelope.node as NodeRecord, heardAt: Date.now() });
        return;
      case 'leave':
        this.dead(envelope.origin);
    }
  }

  private async answer(origin: string, id: number, request: unknown): Promise<void> {
    let answer: unknown = null;
    try {
      answer = await this.requestHandler?.(request as never);
    } catch (error) {
      this.logger.warn(`a cluster request failed here: ${(error as Error).message}`);
    }
    this.publishEnvelope({ type: 'answer', origin: this.nodeId, id, answer: answer ?? null }, `${this.options.prefix}:node:${origin}`);
  }

  private answered(origin: string, id: number, answer: unknown): void {
    const pending = this.pending.get(id);
    if (!pending || !pending.waitingFor.delete(origin)) return;
    pending.answers.push(answer);
    if (pending.waitingFor.size === 0 || pending.enough?.(answer as never)) this.finish(pending, id);
  }

  private finish(pending: PendingRequest, id?: number): void {
    clearTimeout(pending.timer);
    if (id !== undefined) this.pending.delete(id);
    pending.done(pending.answers);
  }

  /** A node we heard from is alive even before its first heartbeat reaches us. */
  private heard(nodeId: string): void {
    const known = this.known.get(nodeId);
    if (known) known.heardAt = Date.now();
  }

  private forgetDead(): void {
    const deadline = Date.now() - this.options.nodeTimeoutMs;
    for (const [nodeId, { heardAt }] of this.known) {
      if (heardAt < deadline) {
        this.logger.warn(`node ${nodeId} missed its heartbeats and is taken as gone`);
        this.dead(nodeId);
        if (this.publisher.status === 'ready') void this.publisher.hdel(this.nodesKey, nodeId).catch(() => undefined);
      }
    }
  }

  /** A gone node answers nothing more: requests waiting for it go on without it. */
  private dead(nodeId: string): void {
    this.known.delete(nodeId);
    for (const [id, pending] of this.pending) {
      if (pending.waitingFor.delete(nodeId) && pending.waitingFor.size === 0) this.finish(pending, id);
    }
  }

  /**
   * While the bus is gone, requests are answered here alone (`liveOthers` is empty). The other
   * nodes are kept until their heartbeats are overdue, so a short cut heals without relearning.
   */
  private lostBus(): void {
    if (this.closing || this.lostLogged) return;
    this.lostLogged = true;
    this.logger.warn("lost the Redis bus: serving this node's clients alone until it returns");
  }

  private beat(): void {
    this.forgetDead();
    const record = this.ownRecord();
    this.lastOwnRecord = record;
    if (this.publisher.status !== 'ready') return;
    this.publishEnvelope({ type: 'heartbeat', origin: this.nodeId, node: record });
    void this.publisher.hset(this.nodesKey, this.nodeId, JSON.stringify(record)).catch(() => undefined);
  }

  private ownRecord(): NodeRecord {
    return { nodeId: this.nodeId, address: this.options.address, startedAt: this.startedAt, heartbeatAt: Date.now(), ...this.stats() };
  }

  private publishEnvelope(envelope: Envelope, channel = this.busChannel): boolean {
    if (this.publisher.status !== 'ready') return false;
    this.publisher.publish(channel, encodeEnvelope(envelope)).catch(() => undefined);
    return true;
  }
}
