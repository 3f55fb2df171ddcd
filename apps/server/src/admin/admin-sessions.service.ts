import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, Repository } from 'typeorm';
import { AdminSessionEntity } from './admin-session.entity';
import type { AdminUserEntity } from './admin-user.entity';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface OpenSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  userId: string;
  username: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Admin sessions live in the database so they survive restarts and logout really ends them. */
@Injectable()
export class AdminSessionsService {
  private readonly repository: Repository<AdminSessionEntity>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(AdminSessionEntity);
  }

  async open(user: AdminUserEntity): Promise<OpenSession> {
    await this.repository.delete({ expiresAt: LessThan(new Date()) });
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
    await this.repository.insert({ tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt });
    return { token, csrfToken, expiresAt };
  }

  async find(token: string): Promise<ActiveSession | null> {
    const session = await this.repository.findOne({ where: { tokenHash: hashToken(token) }, relations: { user: true } });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    return {
      userId: session.userId,
      username: session.user.username,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  async close(token: string): Promise<void> {
    await this.repository.delete({ tokenHash: hashToken(token) });
  }

  /** After a password change every other session of that admin ends. */
  async closeOthers(userId: string, keepToken: string): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND token_hash <> :keep', { userId, keep: hashToken(keepToken) })
      .execute();
  }

  /** After an operator's reset of the password, every session of that admin ends. */
  async closeAll(userId: string): Promise<number> {
    return (await this.repository.delete({ userId })).affected ?? 0;
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
