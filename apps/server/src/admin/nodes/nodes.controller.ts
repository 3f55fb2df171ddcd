import { Controller, Get, UseGuards } from '@nestjs/common';
import type { NodesResponse } from '@switchboard/protocol';
import { ClusterService } from '../../cluster/cluster.service';
import { AdminAuthGuard } from '../admin-auth.guard';

/** The nodes of the cluster, as their heartbeats last told; one node alone without Redis. */
@Controller('admin/api/nodes')
@UseGuards(AdminAuthGuard)
export class NodesController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  list(): NodesResponse {
    return this.cluster.nodes();
  }
}
