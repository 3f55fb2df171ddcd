import Redis from 'ioredis';
import { REDIS_URL } from './redis-url';

/**
 * `CLIENT KILL` for every connection whose name starts with `namePrefix` (the nodes name theirs
 * `switchboard-{nodeId}-pub|sub`), as a Redis restart or failover would cut them. Returns how
 * many were killed.
 */
export async function killRedisClients(namePrefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    const list = (await redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])))
      .filter((client) => client.name?.startsWith(namePrefix))
      .map((client) => client.id);
    for (const id of ids) await redis.client('KILL', 'ID', id);
    return ids.length;
  } finally {
    redis.disconnect();
  }
}
