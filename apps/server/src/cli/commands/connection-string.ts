import type { Command } from '../command';
import { checkKeyType } from './key-type';

export const connectionString: Command = {
  name: 'connection-string',
  synopsis: '[primary|secondary]',
  summary: 'print the connection string of the primary (default) or secondary key',
  help: `The same string the server prints when it starts: its endpoint follows PUBLIC_ENDPOINT, or
PORT and TLS_CERT_FILE when that is unset, so run the CLI with the server's environment.`,
  options: {},
  positionals: { names: ['key'], required: 0 },
  prepare(_values, [key = 'primary']) {
    const keyType = checkKeyType(key);
    return async ({ app, parts, out }) => out(app.get(parts.KeysService).connectionString(keyType));
  },
};
