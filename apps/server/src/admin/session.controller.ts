import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
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
import { ChangePasswordDto, LoginDto } from './session.dto';

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

  @Post('login')
  @PublicRoute()
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionInfo> {
    const { username, session } = await this.logins.login(body.username, body.password, request.socket.remoteAddress ?? 'unknown');
    response.setHeader('Set-Cookie', this.cookie(request, session.token, SESSION_LIFETIME_MS / 1000));
    return { username, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  @Post('logout')
  @PublicRoute()
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await this.sessions.close(token);
    response.setHeader('Set-Cookie', this.cookie(request, '', 0));
  }

  @Get('session')
  async session(@Actor() actor: AdminActor): Promise<SessionInfo> {
    const session = actor.kind === 'admin' ? await this.sessions.find(actor.sessionToken) : null;
    if (!session) throw new ForbiddenError('only a logged-in admin has a session');
    return { username: session.username, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

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
