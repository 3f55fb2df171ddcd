import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CSRF_HEADER, type LoginBody, type SessionInfo } from '@switchboard/protocol';

export class LoginDto implements LoginBody {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ minLength: 1, maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 256, format: 'password' })
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  /** bcrypt reads at most 72 bytes; longer would silently be cut. */
  @ApiProperty({ minLength: 8, maxLength: 72, format: 'password' })
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  newPassword: string;
}

export class SessionInfoDto implements SessionInfo {
  @ApiProperty({ example: 'admin' })
  username: string;

  @ApiProperty({ description: `Send it back in the \`${CSRF_HEADER}\` header on every call with the session cookie that is not GET.` })
  csrfToken: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
