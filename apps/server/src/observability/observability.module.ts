import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { TraceBus } from './trace-bus';
import { TrafficMetrics } from './traffic-metrics';

@Global()
@Module({
  controllers: [HealthController],
  providers: [MetricsService, TrafficMetrics, TraceBus],
  exports: [MetricsService, TrafficMetrics, TraceBus],
})
export class ObservabilityModule {}
