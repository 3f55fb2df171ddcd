import { randomBytes } from 'node:crypto';
import { TestServer } from './server';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from './test-database';

import { REDIS_URL } from './redis-url';

export { REDIS_URL };

/** Cluster suites need both a real PostgreSQL (the nodes' shared store) and Redis (jest.config.js checks it). */
export const describeCluster = POSTGRES_URL && process.env.E2E_REDIS_AVAILABLE ? describe : describe.skip;

/**
 * N real server processes on one PostgreSQL database and one Redis prefix: a cluster of its own,
 * apart from every other suite running beside it.
 */
export class TestCluster {
  readonly prefix = `e2e-cluster-${randomBytes(6).toString('hex')}`;
  /** Node ids are unique across suites, so a suite can cut its own nodes' Redis connections only. */
  readonly nodeIdPrefix = `${randomBytes(3).toString('hex')}-node-`;

  private constructor(
    readonly nodes: TestServer[],
    private readonly postgres: TestDatabase,
  ) {}

  static async start(count: number, options: { redisUrl?: string; env?: Record<string, string> } = {}): Promise<TestCluster> {
    const postgres = await createTestDatabase();
    const cluster = new TestCluster([], postgres);
    // One at a time: the first runs the migrations and creates the keys the others read.
    try {
      for (let i = 0; i < count; i++) await cluster.add(options);
    } catch (error) {
      // The suite gets no cluster to stop: the nodes already started must not outlive it.
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Starts one more node. */
  async add(options: { redisUrl?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
    const node = await TestServer.start({
      env: options.env,
      cluster: { postgres: this.postgres, redisUrl: options.redisUrl ?? REDIS_URL, redisPrefix: this.prefix, nodeId: `${this.nodeIdPrefix}${this.nodes.length + 1}` },
    });
    this.nodes.push(node);
    return node;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    await this.postgres.drop();
  }
}
