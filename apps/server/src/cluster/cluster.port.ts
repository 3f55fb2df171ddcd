import type { Send } from '@switchboard/protocol';
import type { AnswerOf, ClusterRequest, RequestKind, RequestOf } from './cluster-requests';

/** A change to the stored configuration that every node must apply to what it caches. */
export type ConfigChange = { kind: 'keys' } | { kind: 'hub'; hub: string };

/** What a node says of itself in each heartbeat. */
/** One hub's traffic on one node, for the Overview of every node. */
export interface HubTraffic {
  hub: string;
  connectionsByProtocol: Record<string, number>;
  groups: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
}

/** One MQTT share with members on a node: how many, and how many can take a message now. */
export interface ShareAvailability {
  hub: string;
  /** `$share/{name}/{filter}`. */
  share: string;
  members: number;
  ready: number;
}

export interface NodeStats {
  hubs?: HubTraffic[];
  shares?: ShareAvailability[];
  connections: number;
  messagesPerSecond: number;
}

export interface NodeRecord extends NodeStats {
  nodeId: string;
  address: string;
  startedAt: number;
  heartbeatAt: number;
}

/** `fromAnotherNode`: published there, so this node has not traced it. */
export type SendHandler = (send: Send, fromAnotherNode: boolean) => void;
export type RequestHandler = (request: ClusterRequest) => unknown;

/** Past this many sends a capture stops taking more: a hand-over takes milliseconds, not this. */
const CAPTURE_LIMIT = 10_000;
const CAPTURE_MAX_MS = 10_000;

/**
 * The sends of one hub that reach this node after a request took its place in the cluster's one
 * order, kept until the caller stops the capture. A session handed over from another node holds
 * everything sent before the request; these are the ones sent after it, which no node has
 * delivered to the session: replayed to it, nothing is lost and nothing doubled.
 */
export class SendCapture {
  private sends: Send[] = [];
  private active = false;
  private stopped = false;
  private readonly expiry: NodeJS.Timeout;

  constructor(readonly hub: string) {
    this.expiry = setTimeout(() => this.stop(), CAPTURE_MAX_MS);
    this.expiry.unref();
  }

  get isOpen(): boolean {
    return !this.stopped;
  }

  /** Called by the port at the request's place in the order. */
  start(): void {
    if (!this.stopped) this.active = true;
  }

  offer(send: Send): void {
    if (this.active && send.hub === this.hub && this.sends.length < CAPTURE_LIMIT) this.sends.push(send);
  }

  /** Ends the capture; returns what it holds, in order. */
  stop(): Send[] {
    clearTimeout(this.expiry);
    this.stopped = true;
    this.active = false;
    const sends = this.sends;
    this.sends = [];
    return sends;
  }
}

/**
 * The narrow port between everything that asks ("send this", "add that connection to a group",
 * "does this user exist?") and the nodes that hold live state. Only plain, serialisable data
 * crosses it. The in-process implementation serves one node; the Redis one carries the same
 * messages to every node.
 */
export abstract class ClusterPort {
  abstract readonly nodeId: string;
  abstract readonly kind: 'in-process' | 'redis';

  /**
   * Delivers on every node, this one included, in one order for all nodes. Resolves once the bus
   * has taken it, so that a caller who waits (a REST send) knows that anything it sends next, from
   * any node, comes after it everywhere.
   */
  abstract publish(send: Send): Promise<void>;
  abstract onSend(handler: SendHandler): void;

  /**
   * Asks every live node, this one first; resolves with the answers that came. A node that does
   * not answer in time is left out. `enough` ends the wait as soon as one answer settles it.
   */
  abstract request<K extends RequestKind>(
    request: RequestOf<K>,
    enough?: (answer: AnswerOf<K>) => boolean,
    capture?: SendCapture,
  ): Promise<Array<AnswerOf<K>>>;
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
