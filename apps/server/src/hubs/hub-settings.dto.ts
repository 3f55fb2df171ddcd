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
  @IsOptional()
  @IsString()
  @MaxLength(512)
  resource?: string;
}

export class EventHandlerAuthDto {
  @IsIn(EVENT_HANDLER_AUTH_TYPES)
  type: EventHandlerAuthType;

  @IsOptional()
  @ValidateNested()
  @Type(() => ManagedIdentityDto)
  managedIdentity?: ManagedIdentityDto;
}

/** ARM's `GroupPresenceEventFilters` (client-protocols-2026.md §3.1). */
export class GroupPresenceEventsDto {
  @IsArray()
  @ArrayMaxSize(PRESENCE_EVENTS.length)
  @IsIn(PRESENCE_EVENTS, { each: true, message: `groupPresenceEvents.eventNames may hold only ${PRESENCE_EVENTS.join(', ')}` })
  eventNames: PresenceEvent[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  groupFilters?: string[];
}

export class EventHandlerDto {
  @IsString()
  @MaxLength(2048)
  @IsUrlTemplate()
  urlTemplate: string;

  /** `*`, a comma list of event names, or empty for none. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^\s*(\*|[A-Za-z0-9_.\-]+(\s*,\s*[A-Za-z0-9_.\-]+)*)?\s*$/, {
    message: 'userEventPattern must be "*", a comma-separated list of event names, or empty',
  })
  userEventPattern?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYSTEM_EVENTS.length)
  @IsIn(SYSTEM_EVENTS, { each: true, message: `systemEvents may hold only ${SYSTEM_EVENTS.join(', ')}` })
  systemEvents?: SystemEvent[];

  /** Absent or null: no presence events for this handler. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GroupPresenceEventsDto)
  groupPresenceEvents?: GroupPresenceEventsDto | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EventHandlerAuthDto)
  auth?: EventHandlerAuthDto;
}

/** `properties.mqtt`: each omitted setting takes its default (Azure's behaviour). */
export class MqttHubSettingsDto {
  @IsOptional()
  @IsBoolean()
  wildcardSubscriptions?: boolean;

  @IsOptional()
  @IsBoolean()
  sharedSubscriptions?: boolean;

  @IsOptional()
  @IsBoolean()
  retainedMessages?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(TOPIC_ALIAS_MAXIMUM_LIMIT)
  topicAliasMaximum?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SESSION_EXPIRY_LIMIT_SECONDS)
  maxSessionExpirySeconds?: number;
}

export class HubPropertiesDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => EventHandlerDto)
  eventHandlers?: EventHandlerDto[];

  @IsOptional()
  @IsIn(ANONYMOUS_CONNECT_POLICIES)
  anonymousConnectPolicy?: AnonymousConnectPolicy;

  @IsOptional()
  @IsInt()
  @Min(KEEP_ALIVE_MIN_SECONDS)
  @Max(KEEP_ALIVE_MAX_SECONDS)
  webSocketKeepAliveIntervalInSeconds?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MqttHubSettingsDto)
  mqtt?: MqttHubSettingsDto;
}

/** PUT /admin/api/hubs/{hub}: Azure's hub resource body. */
export class HubSettingsDto {
  @IsObject()
  @ValidateNested()
  @Type(() => HubPropertiesDto)
  properties: HubPropertiesDto;
}
