import { CliError, type Command } from '../command';
import { cliActor } from '../cli-actor';
import { choosePassword, PASSWORD_HELP, PASSWORD_OPTIONS, showIfGenerated } from '../password-input';
import { checkAdminName } from './admin-name';

export const resetPassword: Command = {
  name: 'reset-password',
  synopsis: '<username> [--password-stdin | --prompt | --password <password>]',
  summary: "set an admin's password without the current one, and end their sessions",
  help: `${PASSWORD_HELP}

The admin's open dashboard sessions end. A generated password goes to standard output alone.`,
  options: PASSWORD_OPTIONS,
  positionals: { names: ['username'], required: 1 },
  async prepare(values, [name]) {
    const username = checkAdminName(name);
    const chosen = await choosePassword(values);
    const { password } = chosen;
    return async ({ app, parts, out, note }) => {
      const accounts = app.get(parts.AdminAccountsService);
      const user = await accounts.resetPassword(username, password);
      if (!user) throw new CliError(`no admin is named "${username}" (admins: ${(await accounts.usernames()).join(', ') || 'none yet'})`);
      const ended = await app.get(parts.AdminSessionsService).closeAll(user.id);
      await app.get(parts.AuditService).record({ actor: cliActor(), action: 'admin.password.reset', target: username, details: { sessionsEnded: ended } });
      note(`The password of admin "${username}" is reset; ${ended === 1 ? '1 session' : `${ended} sessions`} ended.`);
      showIfGenerated(chosen, 'New password', { out, note });
    };
  },
};
