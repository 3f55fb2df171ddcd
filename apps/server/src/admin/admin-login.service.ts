import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { TooManyRequestsError, UnauthorizedError } from '../http/api-errors';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminSessionsService, type OpenSession } from './admin-sessions.service';
import { AuditService } from './audit.service';
import { LOCKOUT_MS, LoginThrottle } from './login-throttle';

/**
 * An admin login from start to end: throttled per address and account, checked off the event
 * loop, the session opened and every outcome that matters audited (login, lockout).
 */
@Injectable()
export class AdminLoginService {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly sessions: AdminSessionsService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, address: string): Promise<{ username: string; session: OpenSession }> {
    const admission = this.throttle.admit(address, username);
    if (!admission.ok) throw new TooManyRequestsError(`Login refused: ${admission.why}. Try again in ${admission.retryAfterSeconds} s.`, admission.retryAfterSeconds);
    try {
      const user = await this.accounts.authenticate(username, password);
      if (!user) {
        const { delayMs, lockedNow } = this.throttle.failed(address, username);
        if (lockedNow) {
          await this.audit.record({ actor: `address:${address}`, action: 'admin.lockout', target: username, details: { minutes: LOCKOUT_MS / 60_000 } });
        }
        // The answer waits, not the CPU: guessing gets slower with each miss.
        await sleep(delayMs);
        throw new UnauthorizedError('wrong user name or password');
      }
      this.throttle.succeeded(username);
      const session = await this.sessions.open(user);
      await this.audit.record({ actor: `admin:${user.username}`, action: 'admin.login' });
      return { username: user.username, session };
    } finally {
      admission.release();
    }
  }
}
