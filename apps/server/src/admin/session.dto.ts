import { IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginBody } from '@switchboard/protocol';

export class LoginDto implements LoginBody {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  /** bcrypt reads at most 72 bytes; longer would silently be cut. */
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  newPassword: string;
}
