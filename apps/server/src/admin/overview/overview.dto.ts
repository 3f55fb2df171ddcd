import { ApiProperty } from '@nestjs/swagger';
import type { HubOverview, HubSample, OverviewSnapshot } from '@switchboard/protocol';

export class HubSampleDto implements HubSample {
  @ApiProperty({ type: 'integer', description: 'Epoch milliseconds.' })
  at: number;

  @ApiProperty({ type: 'integer' })
  connections: number;

  @ApiProperty({ description: 'Messages received from clients per second.' })
  messagesInPerSecond: number;

  @ApiProperty({ description: 'Messages delivered to clients per second (one per recipient).' })
  messagesOutPerSecond: number;
}

export class HubOverviewDto implements HubOverview {
  @ApiProperty()
  hub: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Open connections by protocol.', example: { 'json.webpubsub.azure.v1': 2, 'mqtt.v5': 1 } })
  connectionsByProtocol: Record<string, number>;

  @ApiProperty({ type: 'integer' })
  groups: number;

  @ApiProperty({ type: () => [HubSampleDto], description: 'One sample per second, oldest first, the last few minutes.' })
  history: HubSampleDto[];
}

export class OverviewSnapshotDto implements OverviewSnapshot {
  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ type: 'integer' })
  uptimeSeconds: number;

  @ApiProperty({ type: () => [HubOverviewDto] })
  hubs: HubOverviewDto[];
}
