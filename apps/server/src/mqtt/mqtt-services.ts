import type { AppConfig } from '../config/config';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { ConnectionLifecycle } from '../connections/lifecycle.port';
import type { MessageRouter } from '../messaging/message-router';
import type { TrafficMetrics } from '../observability/traffic-metrics';

/** What an MQTT session and its packet handlers reach outside themselves. */
export interface MqttServices {
  registry: ConnectionRegistry;
  router: MessageRouter;
  lifecycle: ConnectionLifecycle;
  metrics: TrafficMetrics;
  config: AppConfig;
}
