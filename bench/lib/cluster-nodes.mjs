// Switchboard nodes for the cluster benches: one alone, or several on one fresh database and a
// Redis prefix of their own, each on the server CPU.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cpuSeconds, startSwitchboard } from './processes.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One node alone (no Redis), or `count` nodes on a fresh database and Redis prefix of their own. */
export async function startNodes(count) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `sb_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const nodes = [];
  for (let i = 0; i < count; i++) {
    nodes.push(await startSwitchboard({ DATABASE_URL: url.toString(), ...(count > 1 ? { REDIS_URL, REDIS_PREFIX: prefix, NODE_ID: `bench-${i + 1}` } : {}) }));
  }
  // Heartbeats: every node knows the others before the clients come.
  await new Promise((r) => setTimeout(r, count > 1 ? 1500 : 0));
  return {
    nodes,
    cpu: () => nodes.reduce((sum, node) => sum + cpuSeconds(node.child.pid), 0),
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

