/** The Overview page: one snapshot, then one sample per second on the push channel. */
export interface HubSample {
  /** Epoch milliseconds. */
  at: number;
  connections: number;
  /** Messages received from clients per second. */
  messagesInPerSecond: number;
  /** Messages delivered to clients per second (one per recipient). */
  messagesOutPerSecond: number;
}

export interface HubOverview {
  hub: string;
  /** Open connections by protocol (`json.webpubsub.azure.v1`, `mqtt.v5`...). */
  connectionsByProtocol: Record<string, number>;
  groups: number;
  /** Oldest first, one per second, the last few minutes. */
  history: HubSample[];
}

export interface OverviewSnapshot {
  version: string;
  uptimeSeconds: number;
  hubs: HubOverview[];
}

/** How many seconds of samples the server keeps per hub. */
export const OVERVIEW_HISTORY_SECONDS = 300;
