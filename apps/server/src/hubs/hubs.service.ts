import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { hubKey, hubNameProblem, withHubDefaults, type HubProperties, type HubResource } from '@switchboard/protocol';
import { InvalidArgumentError } from '../http/api-errors';
import { HubEntity } from './hub.entity';

/** Hub settings. A hub without a row is implicit and runs on Azure's defaults. */
@Injectable()
export class HubsService {
  private readonly repository: Repository<HubEntity>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(HubEntity);
  }

  async list(): Promise<HubResource[]> {
    const rows = await this.repository.find({ order: { hubKey: 'ASC' } });
    return rows.map(toResource);
  }

  async get(name: string): Promise<HubResource> {
    assertHubName(name);
    const row = await this.repository.findOneBy({ hubKey: hubKey(name) });
    return row ? toResource(row) : { name, stored: false, properties: withHubDefaults(undefined) };
  }

  /** Stores the whole settings object (PUT semantics: omitted properties return to defaults). */
  async put(name: string, properties: Partial<HubProperties>): Promise<{ hub: HubResource; created: boolean }> {
    assertHubName(name);
    const key = hubKey(name);
    const settings = withHubDefaults(stripUndefined(properties));
    return this.repository.manager.transaction(async (manager) => {
      const repository = manager.getRepository(HubEntity);
      const existing = await repository.findOne({ where: { hubKey: key }, lock: { mode: 'pessimistic_write' } });
      const row = await repository.save({ ...(existing ?? { hubKey: key }), name, settings });
      return { hub: toResource(row), created: !existing };
    });
  }

  /** Forgets the stored settings; returns whether there were any. */
  async remove(name: string): Promise<boolean> {
    assertHubName(name);
    const result = await this.repository.delete({ hubKey: hubKey(name) });
    return (result.affected ?? 0) > 0;
  }
}

export function assertHubName(name: string): void {
  const problem = hubNameProblem(name);
  if (problem) throw new InvalidArgumentError(problem, 'hub');
}

function toResource(row: HubEntity): HubResource {
  return {
    name: row.name,
    stored: true,
    properties: withHubDefaults(row.settings),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** class-transformer leaves absent optional fields as own undefined properties. */
function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
