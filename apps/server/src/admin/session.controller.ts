import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SESSION_COOKIE, type SessionInfo } from '@switchboard/protocol';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ForbiddenError } from '../http/api-errors';
import { Actor, actorName, PublicRoute, type AdminActor } from './admin-actor';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminLoginService } from './admin-login.service';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminSessionsService, SESSION_LIFETIME_MS } from './admin-sessions.service';
import { AuditService } from './audit.service';
import { readCookie, sessionCookie } from './cookies';
import { ApiAdmin } from './openapi/admin-api.decorator';
import { ApiErrors } from './openapi/error-responses';
import { ChangePasswordDto, LoginDto, SessionInfoDto } from './session.dto';

@ApiAdmin('session')
@Controller('admin/api')
@UseGuards(AdminAuthGuard)
export class SessionController {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly logins: AdminLoginService,
    private readonly sessions: AdminSessionsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'Log in: opens a session and sets its cookie', description: 'Failed logins are slowed, and an account locks for 15 minutes after 5 failures in a row.' })
  @ApiOkResponse({ type: SessionInfoDto, description: 'Logged in; `Set-Cookie` carries the session.' })
  @ApiErrors({
    400: 'The body is not a user name and password.',
    401: 'Wrong user name or password.',
    429: 'The account is locked after repeated failures, or this address made too many attempts; `Retry-After` says how many seconds to wait.',
  })
  @Post('login')
  @PublicRoute()
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionInfo> {
    const { username, session } = await this.logins.login(body.username, body.password, request.socket.remoteAddress ?? 'unknown');
    response.setHeader('Set-Cookie', this.cookie(request, session.token, SESSION_LIFETIME_MS / 1000));
    return { username, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  @ApiOperation({ summary: 'Log out: ends the session of the cookie sent, if any, and clears the cookie' })
  @ApiNoContentResponse({ description: 'Logged out (also without a session).' })
  @Post('logout')
  @PublicRoute()
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await this.sessions.close(token);
    response.setHeader('Set-Cookie', this.cookie(request, '', 0));
  }

  @ApiOperation({ summary: 'The current session and its CSRF token' })
  @ApiOkResponse({ type: SessionInfoDto })
  @ApiErrors({ 403: 'Called with an access token: only a logged-in admin has a session.' })
  @Get('session')
  async session(@Actor() actor: AdminActor): Promise<SessionInfo> {
    const session = actor.kind === 'admin' ? await this.sessions.find(actor.sessionToken) : null;
    if (!session) throw new ForbiddenError('only a logged-in admin has a session');
    return { username: session.username, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  @ApiOperation({ summary: "Change the logged-in admin's password", description: "The admin's other sessions end." })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiErrors({ 400: 'The new password is shorter than 8 or longer than 72 characters.', 403: 'The current password is wrong, or the call came with an access token.' })
  @Put('password')
  @HttpCode(204)
  async changePassword(@Actor() actor: AdminActor, @Body() body: ChangePasswordDto): Promise<void> {
    if (actor.kind !== 'admin') throw new ForbiddenError('only a logged-in admin can change their password');
    const changed = await this.accounts.changePassword(actor.userId, body.currentPassword, body.newPassword);
    if (!changed) throw new ForbiddenError('the current password is wrong');
    await this.sessions.closeOthers(actor.userId, actor.sessionToken);
    await this.audit.record({ actor: actorName(actor), action: 'admin.password.change' });
  }

  /**
   * Secure when the browser talks HTTPS: to this server (one port serves both schemes), or to a
   * proxy in front of it (X-Forwarded-Proto, or an https public endpoint with TLS off here).
   */
  private cookie(request: Request, value: string, maxAgeSeconds: number): string {
    const viaTls = (request.socket as { encrypted?: boolean }).encrypted === true;
    const viaProxy =
      request.headers['x-forwarded-proto'] === 'https' ||
      (this.config.tls.kind === 'off' && this.config.publicEndpoint.startsWith('https:'));
    const secure = viaTls || viaProxy;
    return sessionCookie(SESSION_COOKIE, value, { maxAgeSeconds, secure });
  }
}
