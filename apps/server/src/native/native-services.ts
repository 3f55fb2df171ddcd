import type { LocalNode } from '../cluster/local-node';
import type { ConnectionLifecycle } from '../connections/lifecycle.port';
import type { MessageRouter } from '../messaging/message-router';
import type { TrafficMetrics } from '../observability/traffic-metrics';

/** What a native connection and its frame handlers reach outside themselves. */
export interface NativeServices {
  local: LocalNode;
  router: MessageRouter;
  lifecycle: ConnectionLifecycle;
  metrics: TrafficMetrics;
}
