import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { openDatabase, type Database } from '../database/database.provider';
import { CliModule } from './cli.module';
import { CliError, type CommandWork, type CliContext } from './command';
import { ConfigAnnouncer } from './config-announcer';
import { oneLine } from './one-line';

/** The same environment as the server's: DATABASE_URL or DATA_DIR, PUBLIC_ENDPOINT, PORT, TLS... */
export function loadCliConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration error: ${error.message}`);
    throw error;
  }
}

/**
 * Opens the database as the server does (the schema brought up to date, the keys created on a new
 * database), runs the command's work in a Nest context of the CLI module, and closes everything.
 */
export async function runWithDatabase(config: AppConfig, work: CommandWork, rest: Pick<CliContext, 'parts' | 'out' | 'note'>): Promise<void> {
  // Nest's and the database's start-up lines are for a server's log, not for a person at a prompt.
  Logger.overrideLogger(false);
  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    throw new CliError(`cannot open ${describeDatabase(config)}: ${oneLine(error)}`);
  }
  const announcer = new ConfigAnnouncer(config.cluster);
  let app;
  try {
    app = await NestFactory.createApplicationContext(CliModule.forRoot(config, database, announcer), { logger: false, abortOnError: false });
  } catch (error) {
    await database.close();
    throw new CliError(`cannot start: ${oneLine(error)}`);
  }
  try {
    await work({ app, config, database, announcer, ...rest });
  } finally {
    await announcer.close();
    await app.close();
  }
}

/** Never the URL itself: it may hold a password. */
function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `the database at DATABASE_URL (${url.host}${url.pathname})`;
}
