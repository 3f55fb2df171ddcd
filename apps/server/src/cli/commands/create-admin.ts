import { CliError, type Command } from '../command';
import { cliActor } from '../cli-actor';
import { choosePassword, PASSWORD_HELP, PASSWORD_OPTIONS, showIfGenerated } from '../password-input';
import { checkAdminName } from './admin-name';

export const createAdmin: Command = {
  name: 'create-admin',
  synopsis: '<username> [--password-stdin | --prompt | --password <password>]',
  summary: 'create an admin account for the dashboard and the admin API',
  help: `${PASSWORD_HELP}

A generated password goes to standard output alone. On a database with no admin yet, the server
then seeds no ADMIN_USER of its own.`,
  options: PASSWORD_OPTIONS,
  positionals: { names: ['username'], required: 1 },
  async prepare(values, [name]) {
    const username = checkAdminName(name);
    const chosen = await choosePassword(values);
    const { password } = chosen;
    return async ({ app, parts, out, note }) => {
      const user = await app.get(parts.AdminAccountsService).create(username, password);
      if (!user) throw new CliError(`an admin named "${username}" already exists (reset-password changes a password)`);
      await app.get(parts.AuditService).record({ actor: cliActor(), action: 'admin.create', target: username });
      note(`Admin "${username}" created.`);
      showIfGenerated(chosen, 'Password', { out, note });
    };
  },
};
