import { CliError } from '../command';
import { cliActor } from '../cli-actor';
import { adminPasswordCommand } from './admin-password-command';

export const resetPassword = adminPasswordCommand({
  name: 'reset-password',
  summary: "set an admin's password without the current one, and end their sessions",
  help: "The admin's open dashboard sessions end. A generated password goes to standard output alone.",
  heading: 'New password',
  async apply(username, password, { app, parts, note }) {
    const accounts = app.get(parts.AdminAccountsService);
    const user = await accounts.resetPassword(username, password);
    if (!user) throw new CliError(`no admin is named "${username}" (admins: ${(await accounts.usernames()).join(', ') || 'none yet'})`);
    const ended = await app.get(parts.AdminSessionsService).closeAll(user.id);
    await app.get(parts.AuditService).record({ actor: cliActor(), action: 'admin.password.reset', target: username, details: { sessionsEnded: ended } });
    note(`The password of admin "${username}" is reset; ${ended === 1 ? '1 session' : `${ended} sessions`} ended.`);
  },
});
