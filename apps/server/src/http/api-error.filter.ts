import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorResponse } from '@switchboard/protocol';
import { ApiError, TooManyRequestsError } from './api-errors';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'InvalidArgument',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/** The one table from errors to HTTP answers; HEAD answers carry the status and no body. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { status, body } = this.toAnswer(exception, request);
    if (status >= 500) this.logger.error(`${request.method} ${request.path}: ${describe(exception)}`);
    if (response.headersSent) return;
    response.status(status).setHeader('x-ms-error-code', body.error.code);
    if (exception instanceof TooManyRequestsError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (request.method === 'HEAD') response.end();
    else response.json(body);
  }

  private toAnswer(exception: unknown, request: Request): { status: number; body: ErrorResponse } {
    if (exception instanceof ApiError) {
      const { status, code, message, target } = exception;
      return { status, body: { error: target ? { code, message, target } : { code, message } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'InternalError' : 'BadRequest');
      const message =
        status === HttpStatus.NOT_FOUND
          ? `no route for ${request.method} ${request.path}`
          : messageOf(exception.getResponse()) ?? exception.message;
      return { status, body: { error: { code, message } } };
    }
    const status = statusOfBodyParserError(exception);
    if (status) {
      return { status, body: { error: { code: CODE_BY_STATUS[status] ?? 'InvalidArgument', message: describe(exception) } } };
    }
    return { status: 500, body: { error: { code: 'InternalError', message: 'internal error' } } };
  }
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

/** body-parser reports malformed JSON and oversized bodies with a `status` of its own. */
function statusOfBodyParserError(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown; type?: unknown })?.status;
  const type = (exception as { type?: unknown })?.type;
  return typeof status === 'number' && typeof type === 'string' && status >= 400 && status < 500 ? status : undefined;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? exception.message : String(exception);
}
