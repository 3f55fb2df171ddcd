import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { DataFolderLock } from './embedded/data-folder-lock';
import type { EmbeddedEngine } from './embedded/embedded-engine';
import { EmbeddedPostgres } from './embedded/embedded-postgres';
import { PgliteDatabase } from './embedded/pglite-database';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
}

const logger = new Logger('Database');

/**
 * Opens the configured database and brings its schema up to date before anything else runs.
 * Without DATABASE_URL it runs PostgreSQL under DATA_DIR, which one process at a time may hold:
 * another one (a second server, the admin CLI) gets DataFolderInUseError.
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  if (config.databaseUrl) return connect({ url: config.databaseUrl }, 10, null);
  const lock = DataFolderLock.acquire(config.dataDir);
  let engine: EmbeddedEngine;
  try {
    engine = await startEmbedded(config.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return connect(engine.connection, engine.poolSize, async () => {
    await engine.stop();
    lock.release();
  });
}

/**
 * Data folders made before the real binaries hold `pglite/` and no `postgres/`: they keep
 * opening with PGlite, so no data is left behind; new folders get PostgreSQL.
 */
async function startEmbedded(dataDir: string): Promise<EmbeddedEngine> {
  const legacy = join(dataDir, 'pglite');
  if (existsSync(legacy) && !existsSync(join(dataDir, 'postgres'))) {
    logger.warn(
      `${legacy} was made by an earlier version: it stays on PGlite (slower to start, several hundred MB more memory); ` +
        'new data folders run PostgreSQL itself',
    );
    return PgliteDatabase.open(legacy);
  }
  return EmbeddedPostgres.start(dataDir);
}

async function connect(
  connection: Partial<Pick<DataSourceOptions & { type: 'postgres' }, 'url' | 'host' | 'port' | 'username' | 'database'>>,
  poolSize: number,
  stopEngine: (() => Promise<void>) | null,
): Promise<Database> {
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`applied migration ${migration.name}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stopEngine?.();
    throw error;
  }
  return {
    dataSource,
    kind: stopEngine ? 'embedded' : 'postgres',
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await stopEngine?.();
    },
  };
}
