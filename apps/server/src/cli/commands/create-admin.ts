import { CliError } from '../command';
import { cliActor } from '../cli-actor';
import { adminPasswordCommand } from './admin-password-command';

export const createAdmin = adminPasswordCommand({
  name: 'create-admin',
  summary: 'create an admin account for the dashboard and the admin API',
  help: `A generated password goes to standard output alone. On a database with no admin yet, the server
then seeds no ADMIN_USER of its own.`,
  heading: 'Password',
  async apply(username, password, { app, parts, note }) {
    const user = await app.get(parts.AdminAccountsService).create(username, password);
    if (!user) throw new CliError(`an admin named "${username}" already exists (reset-password changes a password)`);
    await app.get(parts.AuditService).record({ actor: cliActor(), action: 'admin.create', target: username });
    note(`Admin "${username}" created.`);
  },
});
