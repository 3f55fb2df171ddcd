/** One Switchboard node of a cluster, as the admin API and the dashboard's Nodes page show it. */
export interface NodeSummary {
  nodeId: string;
  /** host:port this node listens on. */
  address: string;
  /** ISO time the node started. */
  startedAt: string;
  uptimeSeconds: number;
  connections: number;
  /** Messages received from clients plus deliveries to clients, per second, over the last heartbeat. */
  messagesPerSecond: number;
  /** ISO time of the last heartbeat heard from it. */
  lastHeartbeat: string;
  /** The node that answered the request. */
  self: boolean;
}

export interface NodesResponse {
  /** `in-process` for a single node; `redis` when clustered. */
  bus: 'in-process' | 'redis';
  /** Whether this node reaches the bus now (always true in-process). */
  busUp: boolean;
  value: NodeSummary[];
}
