import { Injectable } from '@nestjs/common';
import type { OverviewSnapshot } from '@switchboard/protocol';
import { SERVER_VERSION } from '../../observability/version';
import { HubTrafficSampler } from './hub-traffic-sampler';

/** Server version, uptime and the per-hub samples of the last minutes. */
@Injectable()
export class OverviewService {
  constructor(private readonly sampler: HubTrafficSampler) {}

  uptimeSeconds(): number {
    return Math.round(process.uptime());
  }

  snapshot(): OverviewSnapshot {
    return { version: SERVER_VERSION, uptimeSeconds: this.uptimeSeconds(), hubs: this.sampler.overview() };
  }
}
