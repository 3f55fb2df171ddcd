import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { SERVER_VERSION } from './version';

/** One Prometheus registry per process; features add their counters to it. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    new Gauge({
      name: 'switchboard_build_info',
      help: 'Always 1; labels say which build is running.',
      labelNames: ['version', 'node'],
      registers: [this.registry],
    }).set({ version: SERVER_VERSION, node: process.version }, 1);
  }
}
