import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { hubNameProblem, type ErrorResponse } from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClusterService } from '../cluster/cluster.service';
import { ApiError, InvalidArgumentError, NotFoundError, UnauthorizedError } from '../http/api-errors';
import { TokenError } from '../keys/access-token';
import { KeysService } from '../keys/keys.service';
import { MessageRouter } from '../messaging/message-router';
import { OPERATIONS } from './operation-table';
import { RestContext, type RestServices } from './rest-context';

/**
 * The data-plane REST API (`/api/...`, spec/rest-api.md): bearer token check, then the one
 * operation whose method and path match, with errors in the shape the Azure SDKs read.
 */
@Injectable()
export class RestApiMiddleware implements NestMiddleware {
  private readonly logger = new Logger('RestApi');
  private readonly services: RestServices;

  constructor(cluster: ClusterService, router: MessageRouter, keys: KeysService, @Inject(APP_CONFIG) config: AppConfig) {
    this.services = { cluster, router, keys, config };
  }

  use(request: Request, response: Response, _next: NextFunction): void {
    this.handle(request, response).catch((error: unknown) => this.fail(request, response, error));
  }

  private async handle(request: Request, response: Response): Promise<void> {
    const url = new URL(request.originalUrl, 'http://switchboard.invalid');
    // HealthApi.getServiceStatus: no credentials needed to learn that the service is up.
    if (url.pathname === '/api/health') {
      if (request.method !== 'HEAD' && request.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'use HEAD /api/health');
      response.status(200).end();
      return;
    }

    const candidates = OPERATIONS.map((operation) => ({ operation, match: operation.path.exec(url.pathname) })).filter((c) => c.match);
    if (candidates.length === 0) throw new NotFoundError(`no operation at ${url.pathname}`);
    const found = candidates.find((c) => c.operation.method === request.method);
    if (!found) throw new ApiError(405, 'MethodNotAllowed', `${request.method} is not allowed on ${url.pathname}`);

    this.authenticate(request);
    const [hubSegment, ...params] = found.match!.slice(1).map(decodeSegment);
    const problem = hubNameProblem(hubSegment);
    if (problem) throw new InvalidArgumentError(problem, 'hub');

    const result = await found.operation.run(new RestContext(request, hubSegment, params, url.searchParams, this.services));
    response.status(result.status);
    if (result.body === undefined || request.method === 'HEAD') response.end();
    else response.json(result.body);
  }

  private authenticate(request: Request): void {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedError('an access token is required: Authorization: Bearer <token>');
    try {
      this.services.keys.verify(match[1], { audience: request.originalUrl });
    } catch (error) {
      if (error instanceof TokenError) throw new UnauthorizedError(error.message);
      throw error;
    }
  }

  private fail(request: Request, response: Response, error: unknown): void {
    const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', 'internal error');
    if (!(error instanceof ApiError)) this.logger.error(`${request.method} ${request.path}: ${(error as Error)?.stack ?? error}`);
    if (response.headersSent) return;
    const { status, code, message, target } = apiError;
    const body: ErrorResponse = { error: target ? { code, message, target } : { code, message } };
    response.status(status).setHeader('x-ms-error-code', code);
    if (request.method === 'HEAD') response.end();
    else response.json(body);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidArgumentError(`"${segment}" is not a valid percent-encoded path segment`);
  }
}
