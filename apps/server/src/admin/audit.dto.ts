import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ description: 'Increasing with each entry.', example: '42' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ description: '`admin:<username>` for a session, `key:<primary|secondary>` for an access token.', example: 'admin:admin' })
  actor: string;

  @ApiProperty({ example: 'hub.update' })
  action: string;

  @ApiProperty({ type: String, nullable: true, example: 'chat' })
  target: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: Record<string, unknown> | null;
}

export class AuditPageDto {
  @ApiProperty({ type: () => [AuditEntryDto], description: 'Newest first.' })
  value: AuditEntryDto[];
}
