import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database.provider';
import { ClusterPort } from '../cluster/cluster.port';
import { MetricsService } from './metrics.service';
import { SERVER_VERSION } from './version';

const READY_TIMEOUT_MS = 2000;

@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly metrics: MetricsService,
    private readonly cluster: ClusterPort,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('healthz')
  @HttpCode(200)
  health() {
    return { status: 'ok', version: SERVER_VERSION, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  /**
   * Ready when the configuration database answers and, clustered, Redis is reachable; 503
   * otherwise, so a balancer sends new clients to a node that sees the whole cluster. Clients
   * already here keep being served either way.
   */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) response: Response) {
    const redis = this.cluster.kind === 'redis' ? { redis: this.cluster.connected ? 'up' : 'down', nodeId: this.cluster.nodeId } : {};
    try {
      await withTimeout(this.database.dataSource.query('SELECT 1'), READY_TIMEOUT_MS);
    } catch (error) {
      response.status(503);
      return { status: 'unavailable', database: this.database.kind, ...redis, reason: (error as Error).message };
    }
    if (redis.redis === 'down') {
      response.status(503);
      return { status: 'unavailable', database: this.database.kind, ...redis, reason: 'Redis cannot be reached: other nodes are out of reach' };
    }
    return { status: 'ready', database: this.database.kind, ...redis };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
