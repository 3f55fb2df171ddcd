import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Send } from '@switchboard/protocol';
import type { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { TraceBus } from '../observability/trace-bus';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { Backplane } from './backplane';
import { OutboundMessage } from './outbound-message';

/**
 * The one path of a message: every producer builds a Send and calls `send`; each node resolves
 * the recipients it holds and writes bytes encoded once per wire flavour.
 */
@Injectable()
export class MessageRouter implements OnModuleInit {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly backplane: Backplane,
    private readonly metrics: TrafficMetrics,
    private readonly trace: TraceBus,
  ) {}

  onModuleInit(): void {
    this.backplane.onSend((send) => this.deliverLocally(send));
  }

  send(send: Send): void {
    if (this.trace.active) this.trace.message(send);
    this.backplane.publish(send);
  }

  /** Returns how many connections of this node received it. */
  deliverLocally(send: Send): number {
    const message = new OutboundMessage(send);
    const { excluded, filter } = send;
    let delivered = 0;
    let bytes = 0;
    for (const connection of this.recipients(send)) {
      if (excluded?.has(connection.connectionId)) continue;
      if (filter && !filter(connection)) continue;
      const written = connection.deliver(message);
      if (written >= 0) {
        delivered++;
        bytes += written;
      }
    }
    if (delivered > 0) this.metrics.delivered(delivered, bytes);
    return delivered;
  }

  private recipients(send: Send): Iterable<ClientConnection> {
    const { hub, target } = send;
    switch (target.kind) {
      case 'hub':
        return this.registry.connections(hub);
      case 'group':
        return this.registry.groupMembers(hub, target.group);
      case 'user':
        return this.registry.userConnections(hub, target.userId);
      case 'connection': {
        const connection = this.registry.connection(hub, target.connectionId);
        return connection ? [connection] : [];
      }
    }
  }
}
