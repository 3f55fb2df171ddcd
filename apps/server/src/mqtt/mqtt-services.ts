import type { AppConfig } from '../config/config';
import type { ClusterService } from '../cluster/cluster.service';
import type { LocalNode } from '../cluster/local-node';
import type { ConnectionLifecycle } from '../connections/lifecycle.port';
import type { MessageRouter } from '../messaging/message-router';
import type { TrafficMetrics } from '../observability/traffic-metrics';
import type { PersistedSessions } from './persistence/persisted-sessions.service';
import type { RetainedMessages } from './retained/retained-messages.service';

/** What an MQTT session and its packet handlers reach outside themselves. */
export interface MqttServices {
  local: LocalNode;
  cluster: ClusterService;
  router: MessageRouter;
  lifecycle: ConnectionLifecycle;
  metrics: TrafficMetrics;
  config: AppConfig;
  retained: RetainedMessages;
  sessions: PersistedSessions;
}
