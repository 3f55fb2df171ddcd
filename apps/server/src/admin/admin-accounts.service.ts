import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AdminUserEntity } from './admin-user.entity';
import { PasswordHashing } from './password-hashing';

const BCRYPT_COST = 11;

/** Admin accounts; passwords are kept only as bcrypt hashes. */
@Injectable()
export class AdminAccountsService {
  private readonly logger = new Logger(AdminAccountsService.name);
  private readonly repository: Repository<AdminUserEntity>;
  /** Compared against when the user is unknown, so a wrong name costs as long as a wrong password. */
  private decoyHash: Promise<string> | null = null;
  /** Set only on the start that created the first admin without ADMIN_PASSWORD: shown once. */
  generatedPassword: string | null = null;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hashing: PasswordHashing,
  ) {
    this.repository = dataSource.getRepository(AdminUserEntity);
  }

  /** Seeds the first admin on an empty database; later starts leave accounts alone. */
  async seed(): Promise<void> {
    if ((await this.repository.count()) > 0) return;
    const password = this.config.adminPassword ?? generatePassword();
    // Two nodes starting on one empty database: the first insert wins, the other creates nothing.
    if (!(await this.create(this.config.adminUser, password))) return;
    if (!this.config.adminPassword) this.generatedPassword = password;
    this.logger.log(`created the first admin account "${this.config.adminUser}"`);
  }

  async authenticate(username: string, password: string): Promise<AdminUserEntity | null> {
    const user = await this.repository.findOneBy({ username });
    this.decoyHash ??= this.hashing.hash(randomBytes(16).toString('hex'), BCRYPT_COST);
    const ok = await this.hashing.compare(password, user?.passwordHash ?? (await this.decoyHash));
    return ok && user ? user : null;
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.repository.findOneBy({ id: userId });
    if (!user || !(await this.hashing.compare(currentPassword, user.passwordHash))) return false;
    await this.repository.update(
      { id: userId },
      { passwordHash: await this.hashing.hash(newPassword, BCRYPT_COST), passwordChangedAt: new Date() },
    );
    return true;
  }

  /** An operator's reset (the admin CLI): no current password asked. Null when there is no such admin. */
  async resetPassword(username: string, newPassword: string): Promise<AdminUserEntity | null> {
    const user = await this.repository.findOneBy({ username });
    if (!user) return null;
    user.passwordHash = await this.hashing.hash(newPassword, BCRYPT_COST);
    user.passwordChangedAt = new Date();
    return this.repository.save(user);
  }

  /** Null when the name is taken. */
  async create(username: string, password: string): Promise<AdminUserEntity | null> {
    const now = new Date();
    const inserted = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), username, passwordHash: await this.hashing.hash(password, BCRYPT_COST), passwordChangedAt: now })
      .orIgnore()
      .returning(['id'])
      .execute();
    // `identifiers` lists the id given even when the row was ignored; the returned rows do not.
    return (inserted.raw as unknown[]).length === 0 ? null : this.repository.findOneBy({ username });
  }

  async usernames(): Promise<string[]> {
    return (await this.repository.find({ select: { username: true }, order: { username: 'ASC' } })).map((user) => user.username);
  }
}

/** 16 characters of base64url: 96 random bits. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
