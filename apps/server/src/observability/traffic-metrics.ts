import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { LocalNode } from '../cluster/local-node';
import { MetricsService } from './metrics.service';

/** Messages and payload bytes received over one protocol. */
interface Received {
  messages: number;
  bytes: number;
}

/**
 * Connection and message counters. Fan-out adds its totals once per message, never per
 * recipient. The per-message totals are plain numbers that prom-client reads when it is scraped:
 * its own inc() hashes the label set on every call, which a flood of small messages (one
 * delivery each) paid twice per message received and twice per message sent.
 */
@Injectable()
export class TrafficMetrics {
  private readonly receivedBy = new Map<string, Received>();
  private messagesDelivered = 0;
  private bytesDelivered = 0;
  private readonly slowConsumers: Counter<'protocol'>;
  private readonly expiredMessages: Counter<'protocol'>;
  private readonly droppedQueued: Counter<'protocol'>;

  constructor(metrics: MetricsService, local: LocalNode) {
    const registers = [metrics.registry];
    // Counters read at scrape time: set from the plain totals, which only ever grow.
    const receivedBy = this.receivedBy;
    const byProtocol = (name: string, help: string, read: (received: Received) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['protocol'],
        registers,
        collect() {
          this.reset();
          for (const [protocol, received] of receivedBy) this.inc({ protocol }, read(received));
        },
      });
    byProtocol('switchboard_messages_in_total', 'Messages received from clients.', (received) => received.messages);
    byProtocol('switchboard_bytes_in_total', 'Payload bytes received from clients.', (received) => received.bytes);
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total('switchboard_messages_out_total', 'Messages delivered to connections.', () => this.messagesDelivered);
    total('switchboard_bytes_out_total', 'Bytes written to connections for delivered messages.', () => this.bytesDelivered);
    this.slowConsumers = new Counter({
      name: 'switchboard_slow_consumers_closed_total',
      help: 'Connections closed because they did not read fast enough.',
      labelNames: ['protocol'],
      registers,
    });
    this.expiredMessages = new Counter({
      name: 'switchboard_messages_expired_total',
      help: 'Queued copies of messages dropped because their messageTtlSeconds ran out before they were written.',
      labelNames: ['protocol'],
      registers,
    });
    this.droppedQueued = new Counter({
      name: 'switchboard_mqtt_queue_dropped_total',
      help: 'QoS 1/2 messages dropped, oldest first, from the full queue of an offline MQTT session.',
      labelNames: ['protocol'],
      registers,
    });
    new Gauge({
      name: 'switchboard_connections',
      help: 'Open connections by hub and protocol.',
      labelNames: ['hub', 'protocol'],
      registers,
      collect() {
        this.reset();
        for (const connection of local.all()) this.inc({ hub: connection.hubKey, protocol: connection.protocol });
      },
    });
  }

  received(protocol: string, bytes: number): void {
    let received = this.receivedBy.get(protocol);
    if (!received) this.receivedBy.set(protocol, (received = { messages: 0, bytes: 0 }));
    received.messages++;
    received.bytes += bytes;
  }

  delivered(messages: number, bytes: number): void {
    this.messagesDelivered += messages;
    this.bytesDelivered += bytes;
  }

  expired(protocol: string, count = 1): void {
    if (count > 0) this.expiredMessages.inc({ protocol }, count);
  }

  droppedFromQueue(protocol: string): void {
    this.droppedQueued.inc({ protocol });
  }

  slowConsumerClosed(protocol: string): void {
    this.slowConsumers.inc({ protocol });
  }
}
