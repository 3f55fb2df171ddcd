import { ApiProperty } from '@nestjs/swagger';
import type { NodeSummary, NodesResponse } from '@switchboard/protocol';

export class NodeSummaryDto implements NodeSummary {
  @ApiProperty()
  nodeId: string;

  @ApiProperty({ description: 'host:port this node listens on.' })
  address: string;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ type: 'integer' })
  uptimeSeconds: number;

  @ApiProperty({ type: 'integer' })
  connections: number;

  @ApiProperty({ description: 'Messages received plus deliveries, per second, over the last heartbeat.' })
  messagesPerSecond: number;

  @ApiProperty({ format: 'date-time' })
  lastHeartbeat: string;

  @ApiProperty({ description: 'The node that answered this request.' })
  self: boolean;
}

const BUSES: NodesResponse['bus'][] = ['in-process', 'redis'];

export class NodesResponseDto implements NodesResponse {
  @ApiProperty({ enum: BUSES, description: '`in-process` for a single node; `redis` when clustered.' })
  bus: NodesResponse['bus'];

  @ApiProperty({ description: 'Whether this node reaches the bus now.' })
  busUp: boolean;

  @ApiProperty({ type: () => [NodeSummaryDto] })
  value: NodeSummaryDto[];
}
