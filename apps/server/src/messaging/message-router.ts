import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Send } from '@switchboard/protocol';
import { ClusterPort } from '../cluster/cluster.port';
import { LocalNode } from '../cluster/local-node';
import { ShareStamps } from '../cluster/share-stamps';
import type { ClientConnection } from '../connections/client-connection';
import { compiledFilter } from '../connections/filter-cache';
import { TraceBus } from '../observability/trace-bus';
import { TrafficMetrics } from '../observability/traffic-metrics';
import { OutboundMessage } from './outbound-message';

const DONE = Promise.resolve();

/** Past this many excluded ids a Set beats a scan of the list per recipient. */
const EXCLUDED_SET_FROM = 8;

/**
 * The one path of a message: every producer builds a Send and calls `send`; the cluster carries
 * it to every node, and each node resolves the recipients it holds and writes bytes encoded once
 * per wire flavour.
 */
@Injectable()
export class MessageRouter implements OnModuleInit {
  private readonly shares: ShareStamps;

  constructor(
    private readonly local: LocalNode,
    private readonly cluster: ClusterPort,
    private readonly metrics: TrafficMetrics,
    private readonly trace: TraceBus,
  ) {
    this.shares = new ShareStamps(cluster);
  }

  onModuleInit(): void {
    this.cluster.onSend((send, fromAnotherNode) => {
      // Every send reaches every node, so a dashboard's live trace on any node sees them all.
      if (fromAnotherNode && this.trace.active) this.trace.message(send);
      this.deliverLocally(send);
    });
  }

  /** Resolves once the send is on its way to every node; gateways need not wait, REST does. */
  send(send: Send): Promise<void> {
    if (this.trace.active) this.trace.message(send);
    // A connection held here is the only recipient: deliver now, in order with the frames this
    // node writes to it itself (an event's answer before its ack), and spare the bus.
    if (send.target.kind === 'connection' && this.local.connection(send.hub, send.target.connectionId)) {
      this.deliverLocally(send);
      return DONE;
    }
    this.shares.stamp(send);
    return this.cluster.publish(send);
  }

  /** Returns how many connections of this node received it. */
  deliverLocally(send: Send): number {
    const recipients = this.recipients(send);
    const message = new OutboundMessage(send);
    const excluded = send.excluded === undefined || send.excluded.length === 0 ? undefined : send.excluded.length < EXCLUDED_SET_FROM ? send.excluded : new Set(send.excluded);
    // Validated where the Send was made; a filter that fails to compile here delivers nothing.
    const filter = send.filter === undefined ? undefined : compiledFilter(send.filter);
    let delivered = 0;
    let bytes = 0;
    for (const connection of recipients) {
      if (excluded !== undefined && (Array.isArray(excluded) ? excluded.includes(connection.connectionId) : (excluded as Set<string>).has(connection.connectionId))) continue;
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

  /**
   * Sends captured while a session moved here, delivered to it alone if they were meant for it
   * (same target, excluded and filter rules as any delivery).
   */
  deliverCaptured(connection: ClientConnection, sends: Send[]): void {
    for (const send of sends) {
      const { target } = send;
      const addressed =
        target.kind === 'hub' ||
        (target.kind === 'group' && (connection.groups.has(target.group) || connection.reachesGroup?.(target.group) === true)) ||
        (target.kind === 'user' && connection.userId === target.userId) ||
        (target.kind === 'connection' && connection.connectionId === target.connectionId);
      if (!addressed || send.excluded?.includes(connection.connectionId)) continue;
      if (send.filter !== undefined && !compiledFilter(send.filter)(connection)) continue;
      connection.deliver(new OutboundMessage(send));
    }
  }

  private recipients(send: Send): Iterable<ClientConnection> {
    const { hub, target } = send;
    switch (target.kind) {
      case 'hub':
        return this.local.connectionsOf(hub);
      case 'group':
        return this.local.groupRecipients(hub, target.group, send.shareNodes);
      case 'user':
        return this.local.userConnections(hub, target.userId);
      case 'connection': {
        const connection = this.local.connection(hub, target.connectionId);
        return connection ? [connection] : [];
      }
    }
  }
}
