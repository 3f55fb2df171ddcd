import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { NodesResponse } from '@switchboard/protocol';
import { ClusterService } from '../../cluster/cluster.service';
import { AdminAuthGuard } from '../admin-auth.guard';
import { ApiAdmin } from '../openapi/admin-api.decorator';
import { NodesResponseDto } from './nodes.dto';

/** The nodes of the cluster, as their heartbeats last told; one node alone without Redis. */
@ApiAdmin('nodes')
@Controller('admin/api/nodes')
@UseGuards(AdminAuthGuard)
export class NodesController {
  constructor(private readonly cluster: ClusterService) {}

  @ApiOperation({ summary: 'The nodes of the cluster, as their heartbeats last told' })
  @ApiOkResponse({ type: NodesResponseDto })
  @Get()
  list(): NodesResponse {
    return this.cluster.nodes();
  }
}
