import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { EmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
}

const logger = new Logger('Database');

/** Opens the configured database and brings its schema up to date before anything else runs. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  const embedded = config.databaseUrl ? null : await EmbeddedPostgres.start(join(config.dataDir, 'pglite'));
  const dataSource = new DataSource({
    type: 'postgres',
    url: embedded?.url ?? config.databaseUrl!,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: embedded ? { max: 1 } : { max: 10, connectionTimeoutMillis: 5000 },
  });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`applied migration ${migration.name}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    kind: embedded ? 'embedded' : 'postgres',
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
