import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, SESSION_COOKIE } from '@switchboard/protocol';
import { ForbiddenError, UnauthorizedError } from '../http/api-errors';
import { TokenError } from '../keys/access-token';
import { KeysService } from '../keys/keys.service';
import { PUBLIC_ROUTE, type RequestWithActor } from './admin-actor';
import { AdminSessionsService } from './admin-sessions.service';
import { readCookie } from './cookies';

/** Methods that change nothing: the session cookie alone is enough for them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The management API takes either `Authorization: Bearer <JWT>` signed with an access key for
 * this URL (how backend services call Azure), or the dashboard's session cookie, which must be
 * paired with its CSRF token on anything that changes state.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeysService,
    private readonly sessions: AdminSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <access token>"');
      try {
        const { keyType } = this.keys.verify(match[1], { audience: request.originalUrl });
        request.actor = { kind: 'key', keyType };
        return true;
      } catch (error) {
        if (error instanceof TokenError) throw new UnauthorizedError(error.message);
        throw error;
      }
    }

    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.find(token) : null;
    if (!token || !session) {
      throw new UnauthorizedError('log in, or send an access token as "Authorization: Bearer <token>"');
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new ForbiddenError(`missing or wrong ${CSRF_HEADER} header`);
    }
    request.actor = { kind: 'admin', userId: session.userId, username: session.username, sessionToken: token };
    return true;
  }
}
