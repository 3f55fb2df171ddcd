import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorDetail, ErrorResponse } from '@switchboard/protocol';

export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'InvalidArgument', description: 'Also sent as the `x-ms-error-code` header.' })
  code: string;

  @ApiProperty({ example: 'hub must start with a letter' })
  message: string;

  @ApiPropertyOptional({ description: 'The offending field or parameter.', example: 'hub' })
  target?: string;
}

/** The `{ error: { code, message, target } }` body of every error (ApiErrorFilter), as the Azure SDKs read it. */
export class ErrorResponseDto implements ErrorResponse {
  @ApiProperty({ type: () => ErrorDetailDto })
  error: ErrorDetailDto;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 429;

/** ApiErrorFilter sends it with every 429 (TooManyRequestsError). */
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' as const } } };

/** The errors an operation really answers, each status with why it happens there. */
export function ApiErrors(reasons: Partial<Record<ErrorStatus, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(reasons).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorResponseDto, ...(status === '429' ? { headers: RETRY_AFTER } : {}) }),
    ),
  );
}
