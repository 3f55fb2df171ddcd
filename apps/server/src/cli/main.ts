import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SERVER_VERSION } from '../observability/version';
import { CliError, loadServerParts, UsageError, type Command, type OptionValues } from './command';
import { COMMANDS } from './commands';
import { oneLine } from './one-line';
import { commandHelp, commandUsage, usage } from './usage';

const HELP = ['--help', '-h', 'help'];

/**
 * `switchboard <command> ...`: the admin CLI. Results go to standard output, everything a person
 * reads (confirmations, warnings, errors) to standard error, so that `$(switchboard ...)` holds
 * only the password or connection string asked for.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usageError(new UsageError('no command given', true), null);
  if (name === '--version') return out(SERVER_VERSION);
  if (HELP.includes(name)) {
    const command = rest[0] === undefined ? undefined : COMMANDS.find((candidate) => candidate.name === rest[0]);
    return out(command ? commandHelp(command) : usage());
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) return usageError(new UsageError(`unknown command "${name}"`, true), null);
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help) return out(commandHelp(command));
    const work = await command.prepare(values, positionals);
    const parts = loadServerParts();
    await parts.runWithDatabase(parts.loadCliConfig(), work, { parts, out: (text) => process.stdout.write(`${text}\n`), note: (text) => process.stderr.write(`${text}\n`) });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error, command);
    if (error instanceof CliError) return failure(`switchboard ${command.name}: ${error.message}`);
    return failure(`switchboard ${command.name}: ${oneLine(error)}${process.env.DEBUG ? `\n${(error as Error).stack}` : ''}`);
  }
}

function parseCommandLine(command: Command, args: string[]): { values: OptionValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsProblem(error as NodeJS.ErrnoException), true);
  }
  const { values, positionals } = parsed as { values: OptionValues; positionals: string[] };
  if (values.help) return { values, positionals };
  const { names, required } = command.positionals;
  if (positionals.length < required) throw new UsageError(`missing <${names[positionals.length]}>`, true);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument "${positionals[names.length]}"`, true);
  return { values, positionals };
}

/** Node's messages, less their advice on `--` (these commands take no positional starting with '-'). */
function parseArgsProblem(error: NodeJS.ErrnoException): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return error.message.split('. ')[0].replace(/^Option '([^']+)'/, '$1');
}

function out(text: string): number {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

function usageError(error: UsageError, command: Command | null): number {
  const prefix = command ? `switchboard ${command.name}` : 'switchboard';
  const more = !error.showUsage ? '' : command ? `\n${commandUsage(command)}\nRun "switchboard ${command.name} --help" for more.` : `\n\n${usage()}`;
  process.stderr.write(`${prefix}: ${error.message}${more}\n`);
  return 2;
}

function failure(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

// `switchboard --help | head`: a reader that stops early is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`switchboard: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
