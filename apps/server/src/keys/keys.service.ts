import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { formatConnectionString, KEY_TYPES, type AccessKeysResponse, type AccessTokenClaims, type KeyType } from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClusterPort } from '../cluster/cluster.port';
import { AccessKeyEntity } from './access-key.entity';
import { type AccessKeys, signAccessToken, type SignOptions, verifyAccessToken, type VerifiedToken, type VerifyOptions } from './access-token';

/**
 * The primary and secondary access keys. They are read on every token check, so they live in
 * memory and the database is read only at start and written on regeneration.
 */
@Injectable()
export class KeysService {
  private readonly logger = new Logger(KeysService.name);
  private readonly repository: Repository<AccessKeyEntity>;
  private keys: AccessKeys | null = null;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cluster: ClusterPort,
  ) {
    this.repository = dataSource.getRepository(AccessKeyEntity);
    // Another node regenerated a key: read both again, so its tokens and ours agree.
    cluster.onConfigChange((change) => {
      if (change.kind === 'keys') this.readAll().then((keys) => (this.keys = keys), (error: Error) => this.logger.error(`cannot reload the access keys: ${error.message}`));
    });
  }

  /** Creates the keys missing on first start (ACCESS_KEY seeds the primary) and loads both. */
  async load(): Promise<void> {
    const stored = new Map((await this.repository.find()).map((row) => [row.keyType, row.value]));
    if (this.config.accessKey && stored.has('primary') && stored.get('primary') !== this.config.accessKey) {
      this.logger.warn('ACCESS_KEY differs from the stored primary key and is ignored: it only seeds a new database');
    }
    for (const keyType of KEY_TYPES) {
      if (stored.has(keyType)) continue;
      const value = keyType === 'primary' && this.config.accessKey ? this.config.accessKey : generateKey();
      // Two nodes starting on one empty database must end with the same key: first insert wins.
      await this.repository
        .createQueryBuilder()
        .insert()
        .values({ keyType, value, rotatedAt: new Date() })
        .orIgnore()
        .execute();
    }
    this.keys = await this.readAll();
  }

  async regenerate(keyType: KeyType): Promise<AccessKeysResponse> {
    await this.repository.save({ keyType, value: generateKey(), rotatedAt: new Date() });
    this.keys = await this.readAll();
    this.cluster.announce({ kind: 'keys' });
    return this.describe();
  }

  verify(token: string | undefined, options: VerifyOptions): VerifiedToken {
    return verifyAccessToken(token, this.current(), options);
  }

  /** Signs with the primary key, as Azure does for the tokens it issues. */
  sign(claims: AccessTokenClaims, options: SignOptions): string {
    return signAccessToken(claims, this.current().primary, options);
  }

  current(): AccessKeys {
    if (!this.keys) throw new Error('access keys are not loaded yet');
    return this.keys;
  }

  connectionString(keyType: KeyType = 'primary'): string {
    return formatConnectionString(this.config.publicEndpoint, this.current()[keyType]);
  }

  describe(): AccessKeysResponse {
    const keys = this.current();
    return {
      primaryKey: keys.primary,
      secondaryKey: keys.secondary,
      primaryConnectionString: this.connectionString('primary'),
      secondaryConnectionString: this.connectionString('secondary'),
    };
  }

  private async readAll(): Promise<AccessKeys> {
    const rows = await this.repository.find();
    const byType = Object.fromEntries(rows.map((row) => [row.keyType, row.value])) as Partial<Record<KeyType, string>>;
    if (!byType.primary || !byType.secondary) throw new Error('access keys are missing from the database');
    return { primary: byType.primary, secondary: byType.secondary };
  }
}

/** Same shape as Azure's keys: 32 random bytes in base64. */
function generateKey(): string {
  return randomBytes(32).toString('base64');
}
