import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ConnectionsModule } from '../connections/connections.module';
import { ClusterService } from './cluster.service';
import { ClusterPort } from './cluster.port';
import { InProcessCluster } from './in-process-cluster';
import { LocalNode } from './local-node';
import { RedisCluster } from './redis/redis-cluster';

const HEARTBEAT_MS = 1000;
/** Five missed heartbeats: a node killed without a word is out of every answer within ~6 s. */
const NODE_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 2000;

/** In-process with no REDIS_URL; on Redis otherwise, which must answer at start. */
async function createCluster(config: AppConfig): Promise<ClusterPort> {
  const { redisUrl, nodeId, redisPrefix } = config.cluster;
  const address = `${config.host}:${config.port}`;
  if (!redisUrl) return new InProcessCluster(nodeId, address);
  const cluster = new RedisCluster({
    url: redisUrl,
    nodeId,
    address,
    prefix: redisPrefix,
    heartbeatMs: HEARTBEAT_MS,
    nodeTimeoutMs: NODE_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  try {
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    throw new Error(`cannot reach Redis at REDIS_URL: ${(error as Error).message}`);
  }
  return cluster;
}

/** Leaves the cluster last, after the gateways have closed their connections. */
@Injectable()
class ClusterShutdown implements OnApplicationShutdown {
  constructor(@Inject(ClusterPort) private readonly cluster: ClusterPort) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.cluster instanceof RedisCluster) await this.cluster.stop();
  }
}

/** The cluster port is the whole app's way to every node's live state: global on purpose. */
@Global()
@Module({
  imports: [ConnectionsModule],
  providers: [
    { provide: ClusterPort, useFactory: createCluster, inject: [APP_CONFIG] },
    LocalNode,
    ClusterService,
    ClusterShutdown,
  ],
  exports: [ClusterPort, LocalNode, ClusterService],
})
export class ClusterModule {}
