import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { TrafficMetrics } from './traffic-metrics';

@Global()
@Module({
  controllers: [HealthController],
  providers: [MetricsService, TrafficMetrics],
  exports: [MetricsService, TrafficMetrics],
})
export class ObservabilityModule {}
