import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import {
  ANONYMOUS_CONNECT_POLICIES,
  AZURE_SESSION_EXPIRY_SECONDS,
  EVENT_HANDLER_AUTH_TYPES,
  KEEP_ALIVE_MAX_SECONDS,
  KEEP_ALIVE_MIN_SECONDS,
  MAX_SESSION_EXPIRY_LIMIT_SECONDS,
  PRESENCE_EVENTS,
  TOPIC_ALIAS_MAXIMUM_LIMIT,
  SYSTEM_EVENTS,
  type PresenceEvent,
  type AnonymousConnectPolicy,
  type EventHandlerAuthType,
  type SystemEvent,
} from '@switchboard/protocol';
import { urlTemplateProblem } from './url-template';

/**
 * An event handler's URL: http(s), placeholders `{hub}`/`{event}` allowed in the path and query
 * but not in the host (spec/upstream-events.md §1).
 */
function IsUrlTemplate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUrlTemplate',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && urlTemplateProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${urlTemplateProblem(String(args?.value)) ?? 'is invalid'}`,
      },
    });
}

export class ManagedIdentityDto {
  @ApiPropertyOptional({ maxLength: 512, description: 'The resource (audience) the token is requested for.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  resource?: string;
}

export class EventHandlerAuthDto {
  @ApiProperty({ enum: [...EVENT_HANDLER_AUTH_TYPES] })
  @IsIn(EVENT_HANDLER_AUTH_TYPES)
  type: EventHandlerAuthType;

  @ApiPropertyOptional({ type: () => ManagedIdentityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManagedIdentityDto)
  managedIdentity?: ManagedIdentityDto;
}

/** ARM's `GroupPresenceEventFilters` (client-protocols-2026.md §3.1). */
export class GroupPresenceEventsDto {
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...PRESENCE_EVENTS] } })
  @IsArray()
  @ArrayMaxSize(PRESENCE_EVENTS.length)
  @IsIn(PRESENCE_EVENTS, { each: true, message: `groupPresenceEvents.eventNames may hold only ${PRESENCE_EVENTS.join(', ')}` })
  eventNames: PresenceEvent[];

  @ApiPropertyOptional({ type: [String], maxItems: 64, description: 'Group names or patterns (`room-*`); absent or empty: every group.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  groupFilters?: string[];
}

export class EventHandlerDto {
  @ApiProperty({ maxLength: 2048, description: 'http(s) URL; `{hub}` and `{event}` may appear in the path and query.', example: 'https://backend.example/eventhandler/{hub}/{event}' })
  @IsString()
  @MaxLength(2048)
  @IsUrlTemplate()
  urlTemplate: string;

  /** `*`, a comma list of event names, or empty for none. */
  @ApiPropertyOptional({ maxLength: 1024, description: '`*`, a comma-separated list of event names, or empty for none.', example: '*' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^\s*(\*|[A-Za-z0-9_.\-]+(\s*,\s*[A-Za-z0-9_.\-]+)*)?\s*$/, {
    message: 'userEventPattern must be "*", a comma-separated list of event names, or empty',
  })
  userEventPattern?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...SYSTEM_EVENTS] } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYSTEM_EVENTS.length)
  @IsIn(SYSTEM_EVENTS, { each: true, message: `systemEvents may hold only ${SYSTEM_EVENTS.join(', ')}` })
  systemEvents?: SystemEvent[];

  /** Absent or null: no presence events for this handler. */
  @ApiPropertyOptional({ type: () => GroupPresenceEventsDto, nullable: true, description: 'Absent or null: no presence events for this handler.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GroupPresenceEventsDto)
  groupPresenceEvents?: GroupPresenceEventsDto | null;

  @ApiPropertyOptional({ type: () => EventHandlerAuthDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EventHandlerAuthDto)
  auth?: EventHandlerAuthDto;
}

/** `properties.mqtt`: each omitted setting takes its default (Azure's behaviour). */
export class MqttHubSettingsDto {
  @ApiPropertyOptional({ default: false, description: '`+` and `#` in topic filters (MQTT 5.0 §4.7).' })
  @IsOptional()
  @IsBoolean()
  wildcardSubscriptions?: boolean;

  @ApiPropertyOptional({ default: false, description: '`$share/{name}/{filter}` subscriptions (MQTT 5.0 §4.8.2).' })
  @IsOptional()
  @IsBoolean()
  sharedSubscriptions?: boolean;

  @ApiPropertyOptional({ default: false, description: 'The retain flag keeps a topic\'s last message (MQTT 5.0 §3.3.1.3).' })
  @IsOptional()
  @IsBoolean()
  retainedMessages?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: TOPIC_ALIAS_MAXIMUM_LIMIT, default: 0, description: 'Topic aliases a client may set; 0: none.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(TOPIC_ALIAS_MAXIMUM_LIMIT)
  topicAliasMaximum?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_SESSION_EXPIRY_LIMIT_SECONDS, default: AZURE_SESSION_EXPIRY_SECONDS, description: 'Longest session expiry granted; above 30 s sessions are kept in the database.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SESSION_EXPIRY_LIMIT_SECONDS)
  maxSessionExpirySeconds?: number;
}

export class HubPropertiesDto {
  @ApiPropertyOptional({ type: () => [EventHandlerDto], maxItems: 32 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => EventHandlerDto)
  eventHandlers?: EventHandlerDto[];

  @ApiPropertyOptional({ enum: [...ANONYMOUS_CONNECT_POLICIES], default: 'deny' })
  @IsOptional()
  @IsIn(ANONYMOUS_CONNECT_POLICIES)
  anonymousConnectPolicy?: AnonymousConnectPolicy;

  @ApiPropertyOptional({ type: 'integer', minimum: KEEP_ALIVE_MIN_SECONDS, maximum: KEEP_ALIVE_MAX_SECONDS, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(KEEP_ALIVE_MIN_SECONDS)
  @Max(KEEP_ALIVE_MAX_SECONDS)
  webSocketKeepAliveIntervalInSeconds?: number;

  @ApiPropertyOptional({ type: () => MqttHubSettingsDto, description: 'MQTT features beyond Azure\'s, each off by default.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MqttHubSettingsDto)
  mqtt?: MqttHubSettingsDto;
}

/** PUT /admin/api/hubs/{hub}: Azure's hub resource body. */
export class HubSettingsDto {
  @ApiProperty({ type: () => HubPropertiesDto, description: 'Each omitted property takes its default.' })
  @IsObject()
  @ValidateNested()
  @Type(() => HubPropertiesDto)
  properties: HubPropertiesDto;
}
