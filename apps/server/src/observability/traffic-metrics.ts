import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { LocalNode } from '../cluster/local-node';
import { MetricsService } from './metrics.service';

/**
 * Connection and message counters. Fan-out adds its totals once per message, never per
 * recipient, so the hot path pays one counter update per Send.
 */
@Injectable()
export class TrafficMetrics {
  private readonly messagesIn: Counter<'protocol'>;
  private readonly bytesIn: Counter<'protocol'>;
  private readonly messagesOut: Counter;
  private readonly bytesOut: Counter;
  private readonly slowConsumers: Counter<'protocol'>;
  private readonly expiredMessages: Counter<'protocol'>;
  private readonly droppedQueued: Counter<'protocol'>;

  constructor(metrics: MetricsService, local: LocalNode) {
    const registers = [metrics.registry];
    this.messagesIn = new Counter({ name: 'switchboard_messages_in_total', help: 'Messages received from clients.', labelNames: ['protocol'], registers });
    this.bytesIn = new Counter({ name: 'switchboard_bytes_in_total', help: 'Payload bytes received from clients.', labelNames: ['protocol'], registers });
    this.messagesOut = new Counter({ name: 'switchboard_messages_out_total', help: 'Messages delivered to connections.', registers });
    this.bytesOut = new Counter({ name: 'switchboard_bytes_out_total', help: 'Bytes written to connections for delivered messages.', registers });
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
    this.messagesIn.inc({ protocol });
    this.bytesIn.inc({ protocol }, bytes);
  }

  delivered(messages: number, bytes: number): void {
    this.messagesOut.inc(messages);
    this.bytesOut.inc(bytes);
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
