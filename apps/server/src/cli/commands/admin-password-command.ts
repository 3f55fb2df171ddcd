import type { CliContext, Command } from '../command';
import { choosePassword, PASSWORD_HELP, PASSWORD_OPTIONS, showIfGenerated } from '../password-input';
import { checkAdminName } from './admin-name';

/**
 * A command on one admin that sets a password: the name and the password are checked before the
 * database opens, `apply` does the work, and a generated password is shown once, after it.
 */
export function adminPasswordCommand(spec: {
  name: string;
  summary: string;
  help: string;
  /** Names the generated password in the output ("Password", "New password"). */
  heading: string;
  apply(username: string, password: string, context: CliContext): Promise<void>;
}): Command {
  return {
    name: spec.name,
    synopsis: '<username> [--password-stdin | --prompt | --password <password>]',
    summary: spec.summary,
    help: `${PASSWORD_HELP}\n\n${spec.help}`,
    options: PASSWORD_OPTIONS,
    positionals: { names: ['username'], required: 1 },
    async prepare(values, [name]) {
      const username = checkAdminName(name);
      const chosen = await choosePassword(values);
      return async (context) => {
        await spec.apply(username, chosen.password, context);
        showIfGenerated(chosen, spec.heading, context);
      };
    },
  };
}
