import type { Send } from '@switchboard/protocol';
import type { AnswerOf, ClusterRequest, RequestKind, RequestOf } from './cluster-requests';

/** A change to the stored configuration that every node must apply to what it caches. */
export type ConfigChange = { kind: 'keys' } | { kind: 'hub'; hub: string };

/** What a node says of itself in each heartbeat. */
export interface NodeStats {
  connections: number;
  messagesPerSecond: number;
}

export interface NodeRecord extends NodeStats {
  nodeId: string;
  address: string;
  startedAt: number;
  heartbeatAt: number;
}

export type SendHandler = (send: Send) => void;
export type RequestHandler = (request: ClusterRequest) => unknown;

/**
 * The narrow port between everything that asks ("send this", "add that connection to a group",
 * "does this user exist?") and the nodes that hold live state. Only plain, serialisable data
 * crosses it. The in-process implementation serves one node; the Redis one carries the same
 * messages to every node.
 */
export abstract class ClusterPort {
  abstract readonly nodeId: string;
  abstract readonly kind: 'in-process' | 'redis';

  /** Delivers on every node, this one included (here at once, in publish order elsewhere). */
  abstract publish(send: Send): void;
  abstract onSend(handler: SendHandler): void;

  /**
   * Asks every live node, this one first; resolves with the answers that came. A node that does
   * not answer in time is left out. `enough` ends the wait as soon as one answer settles it.
   */
  abstract request<K extends RequestKind>(request: RequestOf<K>, enough?: (answer: AnswerOf<K>) => boolean): Promise<Array<AnswerOf<K>>>;
  abstract onRequest(handler: RequestHandler): void;

  /** Tells the other nodes; the caller applies the change to itself. */
  abstract announce(change: ConfigChange): void;
  abstract onConfigChange(handler: (change: ConfigChange) => void): void;

  /** Where this node reads the numbers it sends in its heartbeats. */
  abstract reportStats(source: () => NodeStats): void;
  /** Every live node, this one included. */
  abstract nodes(): NodeRecord[];
  /** Whether this node reaches the other nodes now. */
  abstract get connected(): boolean;
}
