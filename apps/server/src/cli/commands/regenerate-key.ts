import { cliActor } from '../cli-actor';
import type { CliContext, Command } from '../command';
import { checkKeyType } from './key-type';

export const regenerateKey: Command = {
  name: 'regenerate-key',
  synopsis: '<primary|secondary>',
  summary: 'replace an access key with a new random one and print its connection string',
  help: `The old key stops working, as in Azure; move clients to the other key first. Servers on
Redis (REDIS_URL, set for the CLI as for them) re-read the keys at once. A server without Redis
keeps the keys it read at start: restart it.`,
  options: {},
  positionals: { names: ['key'], required: 1 },
  prepare(_values, [key]) {
    const keyType = checkKeyType(key);
    return async (context) => {
      const keys = context.app.get(context.parts.KeysService);
      await keys.regenerate(keyType);
      await context.app.get(context.parts.AuditService).record({ actor: cliActor(), action: 'key.regenerate', target: keyType });
      context.note([`The ${keyType} key is regenerated.`, await runningServers(context)].filter(Boolean).join(' '));
      context.out(keys.connectionString(keyType));
    };
  },
};

/** What becomes of servers already running on this database (the keys are cached in each). */
async function runningServers({ announcer, database }: CliContext): Promise<string> {
  const outcome = await announcer.settled();
  switch (outcome.kind) {
    case 'told':
      return `${outcome.nodes === 1 ? '1 running node' : `${outcome.nodes} running nodes`} on the Redis bus took the new key.`;
    case 'failed':
      return `Running servers were not told (Redis: ${outcome.message}): restart them.`;
    case 'no-bus':
      return database.kind === 'embedded' ? '' : 'A server already running on this database keeps the old key until it restarts (no REDIS_URL to tell it).';
  }
}
