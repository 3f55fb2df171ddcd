import type { ConnectionRef, ConnectionSummary } from './connections';
import type { HubSample, OverviewSnapshot } from './overview';
import type { TraceEvent } from './trace';

/**
 * The dashboard's one push channel: a WebSocket at LIVE_PATH, opened with the session cookie.
 * The page says what it watches; the server answers with a snapshot, then coalesced deltas at
 * most a few times a second.
 */
export const LIVE_PATH = '/admin/api/live';

export type LiveSubscription =
  /** All hubs when hub is absent. */
  | { topic: 'connections'; hub?: string }
  | { topic: 'overview' }
  | { topic: 'trace'; hub: string };

export type LiveClientMessage =
  | { type: 'subscribe'; subscription: LiveSubscription }
  | { type: 'unsubscribe'; topic: LiveSubscription['topic'] };

export type LiveServerMessage =
  /** `reset`: forget every row seen before (a new subscription); then upserts are the whole set. */
  | { type: 'connections'; reset: boolean; upserts: ConnectionSummary[]; removed: ConnectionRef[] }
  | { type: 'overview'; snapshot: OverviewSnapshot }
  | { type: 'overviewSamples'; uptimeSeconds: number; samples: Array<{ hub: string; sample: HubSample; connectionsByProtocol: Record<string, number>; groups: number }> }
  /** `dropped`: events left out since the last batch because the watcher fell behind. */
  | { type: 'trace'; events: TraceEvent[]; dropped: number }
  | { type: 'error'; message: string };

/** How often the server sends connection deltas and trace batches. */
export const LIVE_TICK_MS = 250;
