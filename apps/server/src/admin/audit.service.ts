import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditRecord {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** Every change made through the management API is written here: who, when, what. */
@Injectable()
export class AuditService {
  private readonly repository: Repository<AuditEntryEntity>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(AuditEntryEntity);
  }

  async record({ actor, action, target, details }: AuditRecord): Promise<void> {
    const entry = this.repository.create({ actor, action, target: target ?? null, details: details ?? null });
    await this.repository.save(entry);
  }

  async latest(limit = 100): Promise<AuditEntryEntity[]> {
    return this.repository.find({ order: { id: 'DESC' }, take: limit });
  }
}
