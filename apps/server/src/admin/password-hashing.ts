import { join } from 'node:path';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { PasswordJob } from './password-hashing.worker';

/**
 * bcrypt off the event loop: each hash or comparison (about 250 ms of CPU at cost 11) runs on a
 * worker thread (piscina), so a burst of logins never delays messages, REST or the dashboard.
 * One thread: these machines have two cores, and login is not a hot path.
 */
@Injectable()
export class PasswordHashing implements OnApplicationShutdown {
  private readonly pool = new Piscina({ filename: join(__dirname, 'password-hashing.worker.js'), minThreads: 0, maxThreads: 1, idleTimeout: 30_000 });

  hash(password: string, cost: number): Promise<string> {
    return this.pool.run({ op: 'hash', password, cost } satisfies PasswordJob) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.pool.run({ op: 'compare', password, hash } satisfies PasswordJob) as Promise<boolean>;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
