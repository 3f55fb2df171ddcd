import type { Command } from './command';
import { COMMANDS } from './commands';

const ENVIRONMENT = `The CLI reads the server's environment and works on its database, with or without the server
running: DATABASE_URL, or DATA_DIR for the embedded database (which a running server holds:
stop it first, or use DATABASE_URL); PUBLIC_ENDPOINT, PORT and TLS_* for connection strings;
REDIS_URL and REDIS_PREFIX to tell running servers about a new key or hub settings at once.
Exit codes: 0 done, 2 wrong command line (nothing done), 1 anything else.`;

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: switchboard <command> [arguments]   (npx switchboard, or npm run switchboard -- ...)

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run "switchboard <command> --help" for a command's arguments.

${ENVIRONMENT}
`;
}

export function commandUsage(command: Command): string {
  return `Usage: switchboard ${command.name} ${command.synopsis}`.trimEnd();
}

export function commandHelp(command: Command): string {
  return `${commandUsage(command)}

${command.summary[0].toUpperCase()}${command.summary.slice(1)}.

${command.help}
`;
}
