import { randomBytes } from 'node:crypto';
import type { Send } from '@switchboard/protocol';
import Redis from 'ioredis';
import { ClusterPort, type ConfigChange, type NodeRecord, type NodeStats } from '../cluster/cluster.port';
import type { AppConfig } from '../config/config';
import { encodeEnvelope } from '../cluster/redis/bus-envelope';

export type AnnounceOutcome =
  | { kind: 'no-bus' }
  | { kind: 'told'; nodes: number }
  | { kind: 'failed'; message: string };

/**
 * The CLI's cluster port. The CLI is no node: it holds no connections, answers no requests and
 * sends no heartbeat (which would show it on the dashboard and make nodes wait for its answers).
 * It only publishes the configuration changes it made on the Redis bus, as a node would, so that
 * running nodes re-read the keys or a hub's settings at once. Without REDIS_URL it tells nobody.
 */
export class ConfigAnnouncer extends ClusterPort {
  readonly kind = 'in-process' as const;
  readonly nodeId = `cli-${randomBytes(4).toString('hex')}`;
  private redis: Redis | null = null;
  private outcome: Promise<AnnounceOutcome> = Promise.resolve({ kind: 'no-bus' });

  constructor(private readonly cluster: AppConfig['cluster']) {
    super();
  }

  announce(change: ConfigChange): void {
    const { redisUrl, redisPrefix } = this.cluster;
    if (!redisUrl) return;
    const message = encodeEnvelope({ type: 'config', origin: this.nodeId, change });
    const previous = this.outcome;
    this.outcome = previous.then(async (before) => {
      if (before.kind === 'failed') return before;
      try {
        this.redis ??= new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: () => null });
        if (this.redis.status === 'wait') await this.redis.connect();
        // PUBLISH answers how many subscribers got it: each node listens on the bus once.
        return { kind: 'told', nodes: await this.redis.publish(`${redisPrefix}:bus`, message) };
      } catch (error) {
        return { kind: 'failed', message: (error as Error).message };
      }
    });
  }

  /** How the last announcement went, once it has. */
  settled(): Promise<AnnounceOutcome> {
    return this.outcome;
  }

  async close(): Promise<void> {
    await this.outcome;
    this.redis?.disconnect();
  }

  publish(_send: Send): Promise<void> {
    throw new Error('the admin CLI sends no messages');
  }

  request(): Promise<never> {
    throw new Error('the admin CLI asks no node');
  }

  onSend(): void {
    // No messages reach the CLI.
  }

  onRequest(): void {
    // Nobody asks the CLI.
  }

  onConfigChange(): void {
    // The CLI lives for one change, its own.
  }

  reportStats(_source: () => NodeStats): void {
    // No heartbeat carries them.
  }

  nodes(): NodeRecord[] {
    return [];
  }

  get connected(): boolean {
    return this.redis?.status === 'ready';
  }
}
