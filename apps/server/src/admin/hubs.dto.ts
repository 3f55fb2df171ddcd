import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EventHandlerStatus, HubResource } from '@switchboard/protocol';
import { HubPropertiesDto } from '../hubs/hub-settings.dto';

const VALIDATIONS: EventHandlerStatus['validation'][] = ['valid', 'invalid', 'unchecked'];

/** Whether an event handler passed abuse protection, as this node last saw it (spec/upstream-events.md §2). */
export class EventHandlerStatusDto implements EventHandlerStatus {
  @ApiProperty()
  urlTemplate: string;

  @ApiProperty({ enum: VALIDATIONS, description: '`unchecked`: not probed since this node started. `invalid` handlers receive no events.' })
  validation: EventHandlerStatus['validation'];

  @ApiPropertyOptional({ example: 'AbuseProtectionResponseMissingAllowedOrigin' })
  error?: string;

  @ApiPropertyOptional()
  message?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  checkedAt?: string;
}

/** Azure's hub resource, as the admin API answers it: every property present, defaults filled in. */
export class HubResourceDto implements HubResource {
  @ApiProperty({ example: 'chat' })
  name: string;

  @ApiProperty({ description: 'False for an implicit hub, which runs on the defaults.' })
  stored: boolean;

  @ApiProperty({ type: () => HubPropertiesDto, description: 'Answers carry every property, defaults filled in.' })
  properties: HubResource['properties'];

  @ApiPropertyOptional({ format: 'date-time' })
  updatedAt?: string;

  @ApiPropertyOptional({ type: () => [EventHandlerStatusDto], description: 'One per event handler, in order; absent when the hub has none.' })
  eventHandlerStatus?: EventHandlerStatusDto[];
}

export class HubListDto {
  @ApiProperty({ type: () => [HubResourceDto], description: 'The stored hubs, by name.' })
  value: HubResourceDto[];
}
