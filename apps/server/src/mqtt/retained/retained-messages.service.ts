import { Inject, Injectable } from '@nestjs/common';
import { literalPrefix, topicMatchesFilter, type FilterTarget, type MqttQos, type PublishProperties, type RetainedPage } from '@switchboard/protocol';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { bytesFromJson, bytesToJson } from '../../messaging/bytes-json';
import { RetainedMessageEntity } from './retained-message.entity';

/** A retained message as a new subscriber gets it. */
export interface RetainedMessage {
  topic: string;
  payload: Uint8Array;
  qos: MqttQos;
  properties: PublishProperties;
  /** Epoch ms, for the Message Expiry countdown. */
  storedAt: number;
}

export type StoreOutcome = { ok: true } | { ok: false; problem: string };

/** How often a hub's count and bytes are read back from the database: other nodes write too. */
const USAGE_REFRESH_MS = 5000;
const PREVIEW_CHARS = 80;
/** The most writes one statement carries. */
const GROUP_MAX = 1000;

interface PendingWrite {
  topic: string;
  message: { payload: Uint8Array; qos: MqttQos; properties: PublishProperties };
  resolve(outcome: StoreOutcome): void;
  reject(error: unknown): void;
}

interface HubWrites {
  waiting: PendingWrite[];
  flushing: boolean;
}

/**
 * Retained messages of hubs with `mqtt.retainedMessages` (MQTT 5.0 §3.3.1.3), in PostgreSQL, so
 * they survive a restart and every node reads the same ones. The limits per hub are checked
 * against a count read back every few seconds plus this node's own writes: nodes writing at the
 * same moment may pass a limit by what they wrote in between.
 */
@Injectable()
export class RetainedMessages {
  private readonly repository: Repository<RetainedMessageEntity>;
  private readonly usage = new Map<string, { count: number; bytes: number; readAt: number }>();
  private readonly writes = new Map<string, HubWrites>();
  private readonly maxCount: number;
  private readonly maxBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.repository = dataSource.getRepository(RetainedMessageEntity);
    this.maxCount = config.limits.retainedMessagesPerHub;
    this.maxBytes = config.limits.retainedBytesPerHub;
  }

  /**
   * The retain flag on a PUBLISH: keeps it as the topic's message; an empty payload deletes it.
   * Writes to one hub are committed in groups: while one group is in the database, the next
   * gathers, so a publisher with many retained publishes in flight costs two round trips per
   * group, not per message. Outcomes resolve in the order the writes came.
   */
  store(hub: string, topic: string, message: { payload: Uint8Array; qos: MqttQos; properties: PublishProperties }): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.writes.get(hub);
      if (!queue) this.writes.set(hub, (queue = { waiting: [], flushing: false }));
      queue.waiting.push({ topic, message, resolve, reject });
      if (!queue.flushing) void this.flush(hub, queue);
    });
  }

  private async flush(hub: string, queue: HubWrites): Promise<void> {
    queue.flushing = true;
    while (queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, GROUP_MAX);
      try {
        const outcomes = await this.commit(hub, group);
        group.forEach((write, i) => write.resolve(outcomes[i]));
      } catch (error) {
        // The counts were moved for writes that did not happen: read them again next time.
        this.usage.delete(hub);
        for (const write of group) write.reject(error);
      }
    }
    queue.flushing = false;
    this.writes.delete(hub);
  }

  /** One group: the sizes of the topics it touches, then every write and deletion in one statement. */
  private async commit(hub: string, group: PendingWrite[]): Promise<StoreOutcome[]> {
    const usage = await this.usageOf(hub);
    const topics = [...new Set(group.map((write) => write.topic))];
    const rows: Array<{ topic: string; size: number }> = await this.dataSource.query(
      'SELECT topic, length(payload) AS size FROM mqtt_retained_messages WHERE hub_key = $1 AND topic = ANY($2)',
      [hub, topics],
    );
    // Each topic's size as the group goes: the writes before in the group count for the ones after.
    const sizes = new Map<string, number>(rows.map((row) => [row.topic, Number(row.size)]));
    const final = new Map<string, RetainedMessageEntity | null>();
    const storedAt = new Date();
    const outcomes = group.map(({ topic, message }): StoreOutcome => {
      const existing = sizes.get(topic);
      if (message.payload.byteLength === 0) {
        if (existing !== undefined) {
          usage.count--;
          usage.bytes -= existing;
          sizes.delete(topic);
        }
        final.set(topic, null);
        return { ok: true };
      }
      const count = usage.count + (existing === undefined ? 1 : 0);
      const bytes = usage.bytes - (existing ?? 0) + message.payload.byteLength;
      if (count > this.maxCount) return { ok: false, problem: `the hub holds ${this.maxCount} retained messages, its limit` };
      if (bytes > this.maxBytes) return { ok: false, problem: `the hub's retained messages would pass ${this.maxBytes} bytes, its limit` };
      usage.count = count;
      usage.bytes = bytes;
      sizes.set(topic, message.payload.byteLength);
      final.set(topic, {
        hubKey: hub,
        topic,
        payload: Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength),
        qos: message.qos,
        properties: propertiesToJson(message.properties),
        storedAt,
      });
      return { ok: true };
    });
    const kept = [...final.values()].filter((row): row is RetainedMessageEntity => row !== null);
    const deleted = [...final.entries()].filter(([, row]) => row === null).map(([topic]) => topic);
    // Committed without waiting for the WAL flush, as Mosquitto keeps retained messages in memory
    // and saves them now and then: a crash of Switchboard loses none, a crash of PostgreSQL or of
    // the machine may lose the last fraction of a second of them. A wait for the disk per group
    // would bound a publisher at a few hundred groups a second.
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit TO OFF');
      await manager.query(
        `WITH deleted AS (DELETE FROM mqtt_retained_messages WHERE hub_key = $1 AND topic = ANY($2))
         INSERT INTO mqtt_retained_messages (hub_key, topic, payload, qos, properties, stored_at)
         SELECT $1, * FROM unnest($3::varchar[], $4::bytea[], $5::smallint[], $6::jsonb[], $7::timestamptz[])
         ON CONFLICT (hub_key, topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos,
           properties = excluded.properties, stored_at = excluded.stored_at`,
        [
          hub,
          deleted,
          kept.map((row) => row.topic),
          kept.map((row) => row.payload),
          kept.map((row) => row.qos),
          kept.map((row) => (row.properties === null ? null : JSON.stringify(row.properties))),
          kept.map((row) => row.storedAt),
        ],
      );
    });
    return outcomes;
  }

  /** What a new subscription to `target` gets (§3.8.4): the topic's message, or every topic the filter matches. */
  async matching(hub: string, target: FilterTarget): Promise<RetainedMessage[]> {
    // Plain rows, not entities: a '#' subscriber may be owed every message of the hub.
    const select = 'SELECT topic, payload, qos, properties, stored_at FROM mqtt_retained_messages WHERE hub_key = $1';
    let rows: RetainedRow[];
    if (target.kind === 'group') rows = await this.dataSource.query(`${select} AND topic = $2`, [hub, target.group]);
    else {
      const prefix = literalPrefix(target.filter);
      rows = prefix.length > 0
        ? await this.dataSource.query(`${select} AND topic LIKE $2 ESCAPE '\\' ORDER BY topic`, [hub, `${escapeLike(prefix)}%`])
        : await this.dataSource.query(`${select} ORDER BY topic`, [hub]);
    }
    return rows.filter((row) => target.kind === 'group' || topicMatchesFilter(row.topic, target.filter)).map(toMessage);
  }

  async list(hub: string, options: { search?: string; limit: number }): Promise<RetainedPage> {
    const query = this.repository.createQueryBuilder('m').where('m.hub_key = :hub', { hub });
    if (options.search) query.andWhere("m.topic LIKE :search ESCAPE '\\'", { search: `%${escapeLike(options.search)}%` });
    const [rows, total] = await query.orderBy('m.topic').take(options.limit).getManyAndCount();
    return {
      total,
      value: rows.map((row) => ({ topic: row.topic, qos: row.qos, size: row.payload.length, preview: preview(row.payload), storedAt: row.storedAt.toISOString() })),
    };
  }

  /** Returns whether there was one. */
  async remove(hub: string, topic: string): Promise<boolean> {
    const result = await this.repository.delete({ hubKey: hub, topic });
    const removed = (result.affected ?? 0) > 0;
    // The bytes it held are learnt at the next read-back.
    const usage = this.usage.get(hub);
    if (removed && usage) usage.count--;
    return removed;
  }

  private async usageOf(hub: string): Promise<{ count: number; bytes: number; readAt: number }> {
    const known = this.usage.get(hub);
    if (known && Date.now() - known.readAt < USAGE_REFRESH_MS) return known;
    const row = await this.repository
      .createQueryBuilder('m')
      .select('count(*)', 'count')
      .addSelect('coalesce(sum(length(m.payload)), 0)', 'bytes')
      .where('m.hub_key = :hub', { hub })
      .getRawOne<{ count: string; bytes: string }>();
    const usage = { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0), readAt: Date.now() };
    this.usage.set(hub, usage);
    return usage;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function preview(payload: Buffer): string {
  const text = payload.subarray(0, PREVIEW_CHARS * 4).toString('utf8');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

interface RetainedRow {
  topic: string;
  payload: Buffer;
  qos: number;
  properties: Record<string, unknown> | null;
  stored_at: Date;
}

function toMessage(row: RetainedRow): RetainedMessage {
  return { topic: row.topic, payload: row.payload, qos: row.qos as MqttQos, properties: propertiesFromJson(row.properties), storedAt: row.stored_at.getTime() };
}

/** Correlation data is bytes: stored as base64, as the bus carries it. */
function propertiesToJson(properties: PublishProperties): Record<string, unknown> | null {
  return Object.keys(properties).length === 0 ? null : (bytesToJson(properties) as Record<string, unknown>);
}

function propertiesFromJson(json: Record<string, unknown> | null): PublishProperties {
  return json ? (bytesFromJson(json) as PublishProperties) : {};
}
