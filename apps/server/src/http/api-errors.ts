/**
 * Typed errors thrown below the HTTP edge; ApiErrorFilter turns each into its status and the
 * `{ error: { code, message, target } }` body the Azure SDKs read (spec/rest-api.md §6).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends ApiError {
  constructor(message: string, target?: string) {
    super(400, 'InvalidArgument', message, target);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, 'Unauthorized', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}

/** 429 with the seconds to wait, sent as `Retry-After`. */
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'TooManyRequests', message);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string, target?: string) {
    super(404, 'NotFound', message, target);
  }
}
