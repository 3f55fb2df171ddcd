import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import type { Database } from '../database/database.provider';
import type { ConfigAnnouncer } from './config-announcer';
import type * as ServerPartsModule from './server-parts';

export type ServerParts = typeof ServerPartsModule;

/** The server's services and checks, loaded once a command has the arguments it needs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadServerParts = (): ServerParts => require('./server-parts') as ServerParts;

export type OptionValues = Record<string, string | boolean | undefined>;
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** What a command's work gets once the database is open. */
export interface CliContext {
  app: INestApplicationContext;
  parts: ServerParts;
  config: AppConfig;
  database: Database;
  announcer: ConfigAnnouncer;
  /** Results a script reads (a password, a connection string, a table). */
  out: (text: string) => void;
  /** What a person reads: confirmations, notes, warnings. */
  note: (text: string) => void;
}

export type CommandWork = (context: CliContext) => Promise<void>;

/**
 * One admin command. `prepare` checks the arguments (and reads a password, when asked to) before
 * anything touches the database, so a usage error costs nothing; it returns the work to do.
 */
export interface Command {
  name: string;
  /** The arguments after the command's name, as `--help` shows them. */
  synopsis: string;
  summary: string;
  /** The rest of `--help`: what the options mean, what is printed. */
  help: string;
  options: OptionSpec;
  /** The names of the positional arguments, and how many of them are required. */
  positionals: { names: string[]; required: number };
  prepare(values: OptionValues, positionals: string[]): Promise<CommandWork> | CommandWork;
}

/** Exit code 2: the command line is wrong; nothing was done. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Whether the command's usage follows the message (unknown flag, missing argument). */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit code 1: the command line was right, the work could not be done. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
