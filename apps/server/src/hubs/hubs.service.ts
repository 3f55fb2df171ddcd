import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { hubKey, hubNameProblem, withHubDefaults, type HubProperties, type HubResource, type HubSettingsBody } from '@switchboard/protocol';
import { ClusterPort } from '../cluster/cluster.port';
import { InvalidArgumentError } from '../http/api-errors';
import { HubEntity } from './hub.entity';

/** Hub settings. A hub without a row is implicit and runs on Azure's defaults. */
/** Connect storms read settings once per hub per few seconds, not once per connection. */
const SETTINGS_CACHE_MS = 5000;

@Injectable()
export class HubsService {
  private readonly repository: Repository<HubEntity>;
  private readonly cache = new Map<string, { properties: HubProperties; loadedAt: number }>();

  constructor(
    dataSource: DataSource,
    private readonly cluster: ClusterPort,
  ) {
    this.repository = dataSource.getRepository(HubEntity);
    // Another node stored new settings: read them again on next use, not after the cache ages.
    cluster.onConfigChange((change) => {
      if (change.kind === 'hub') this.cache.delete(change.hub);
    });
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

  /** The settings a connection to this hub runs with, from a short-lived cache. */
  async settings(name: string): Promise<HubProperties> {
    const key = hubKey(name);
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.loadedAt < SETTINGS_CACHE_MS) return cached.properties;
    const row = await this.repository.findOneBy({ hubKey: key });
    const properties = withHubDefaults(row?.settings);
    this.cache.set(key, { properties, loadedAt: Date.now() });
    return properties;
  }

  /** Stores the whole settings object (PUT semantics: omitted properties return to defaults). */
  async put(name: string, properties: NonNullable<HubSettingsBody['properties']>): Promise<{ hub: HubResource; created: boolean }> {
    assertHubName(name);
    const key = hubKey(name);
    const settings = withHubDefaults(stripUndefined(properties));
    const result = await this.repository.manager.transaction(async (manager) => {
      const repository = manager.getRepository(HubEntity);
      const existing = await repository.findOne({ where: { hubKey: key }, lock: { mode: 'pessimistic_write' } });
      const row = await repository.save({ ...(existing ?? { hubKey: key }), name, settings });
      return { hub: toResource(row), created: !existing };
    });
    this.cache.delete(key);
    this.cluster.announce({ kind: 'hub', hub: key });
    return result;
  }

  /** Forgets the stored settings; returns whether there were any. */
  async remove(name: string): Promise<boolean> {
    assertHubName(name);
    const result = await this.repository.delete({ hubKey: hubKey(name) });
    this.cache.delete(hubKey(name));
    this.cluster.announce({ kind: 'hub', hub: hubKey(name) });
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
