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
  private readonly maxCount: number;
  private readonly maxBytes: number;

  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.repository = dataSource.getRepository(RetainedMessageEntity);
    this.maxCount = config.limits.retainedMessagesPerHub;
    this.maxBytes = config.limits.retainedBytesPerHub;
  }

  /** The retain flag on a PUBLISH: keeps it as the topic's message; an empty payload deletes it. */
  async store(hub: string, topic: string, message: { payload: Uint8Array; qos: MqttQos; properties: PublishProperties }): Promise<StoreOutcome> {
    if (message.payload.byteLength === 0) {
      await this.remove(hub, topic);
      return { ok: true };
    }
    const usage = await this.usageOf(hub);
    const existing = await this.repository
      .createQueryBuilder('m')
      .select('length(m.payload)', 'size')
      .where('m.hub_key = :hub AND m.topic = :topic', { hub, topic })
      .getRawOne<{ size: number }>();
    const count = usage.count + (existing ? 0 : 1);
    const bytes = usage.bytes - (existing ? Number(existing.size) : 0) + message.payload.byteLength;
    if (count > this.maxCount) return { ok: false, problem: `the hub holds ${this.maxCount} retained messages, its limit` };
    if (bytes > this.maxBytes) return { ok: false, problem: `the hub's retained messages would pass ${this.maxBytes} bytes, its limit` };
    const row: RetainedMessageEntity = {
      hubKey: hub,
      topic,
      payload: Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength),
      qos: message.qos,
      properties: propertiesToJson(message.properties),
      storedAt: new Date(),
    };
    // TypeORM's deep-partial type cannot express a jsonb Record column; the row is a whole entity.
    await this.repository.upsert(row as never, ['hubKey', 'topic']);
    usage.count = count;
    usage.bytes = bytes;
    return { ok: true };
  }

  /** What a new subscription to `target` gets (§3.8.4): the topic's message, or every topic the filter matches. */
  async matching(hub: string, target: FilterTarget): Promise<RetainedMessage[]> {
    const query = this.repository.createQueryBuilder('m').where('m.hub_key = :hub', { hub });
    if (target.kind === 'group') query.andWhere('m.topic = :topic', { topic: target.group });
    else {
      const prefix = literalPrefix(target.filter);
      if (prefix.length > 0) query.andWhere("m.topic LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(prefix)}%` });
    }
    const rows = await query.orderBy('m.topic').getMany();
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

function toMessage(row: RetainedMessageEntity): RetainedMessage {
  return { topic: row.topic, payload: new Uint8Array(row.payload), qos: row.qos as MqttQos, properties: propertiesFromJson(row.properties), storedAt: row.storedAt.getTime() };
}

/** Correlation data is bytes: stored as base64, as the bus carries it. */
function propertiesToJson(properties: PublishProperties): Record<string, unknown> | null {
  return Object.keys(properties).length === 0 ? null : (bytesToJson(properties) as Record<string, unknown>);
}

function propertiesFromJson(json: Record<string, unknown> | null): PublishProperties {
  return json ? (bytesFromJson(json) as PublishProperties) : {};
}
