import { ApiProperty } from '@nestjs/swagger';
import type { RetainedPage, RetainedSummary } from '@switchboard/protocol';

export class RetainedSummaryDto implements RetainedSummary {
  @ApiProperty({ example: 'sensors/kitchen/temperature' })
  topic: string;

  @ApiProperty({ type: 'integer', enum: [0, 1, 2] })
  qos: number;

  @ApiProperty({ type: 'integer', description: 'Payload bytes.' })
  size: number;

  @ApiProperty({ description: 'The start of the payload read as UTF-8.' })
  preview: string;

  @ApiProperty({ format: 'date-time' })
  storedAt: string;
}

export class RetainedPageDto implements RetainedPage {
  @ApiProperty({ type: 'integer', description: 'How many topics match in all.' })
  total: number;

  @ApiProperty({ type: () => [RetainedSummaryDto], description: 'The first `limit` topics in order.' })
  value: RetainedSummaryDto[];
}
