import { loadServerParts, stringOption, UsageError, type CliContext, type OptionSpec, type OptionValues } from './command';
import { readHidden } from './hidden-prompt';

export const PASSWORD_OPTIONS: OptionSpec = {
  'password-stdin': { type: 'boolean' },
  prompt: { type: 'boolean' },
  password: { type: 'string' },
};

export const PASSWORD_HELP = `Where the password comes from (one of these; none: a new one is generated and printed once):
  --password-stdin       read it from standard input (one line), e.g. from a secrets manager
  --prompt               ask for it on the terminal, twice, without echoing it
  --password <password>  take it from the command line; other users see it in \`ps\`, and it stays
                         in the shell's history: prefer the two above
A password has 8 to 72 characters, as the dashboard's password change asks.`;

export interface ChosenPassword {
  password: string;
  /** Generated here: it must be printed, once. */
  generated: boolean;
}

/** A generated password goes to standard output alone, under a note, once; a given one is never echoed. */
export function showIfGenerated(chosen: ChosenPassword, heading: string, context: Pick<CliContext, 'out' | 'note'>): void {
  if (!chosen.generated) return;
  context.note(`${heading} (shown only this once):`);
  context.out(chosen.password);
}

/** Reads the password from where the options say, and checks it before the database is opened. */
export async function choosePassword(values: OptionValues): Promise<ChosenPassword> {
  const argv = stringOption(values, 'password');
  const sources = [values['password-stdin'] && '--password-stdin', values.prompt && '--prompt', argv !== undefined && '--password'].filter(Boolean);
  if (sources.length > 1) throw new UsageError(`${sources.join(' and ')} cannot be used together`);
  if (sources.length === 0) return { password: loadServerParts().generatePassword(), generated: true };
  const password = values['password-stdin'] ? await readStdinLine() : values.prompt ? await promptTwice() : argv!;
  checkPassword(password);
  return { password, generated: false };
}

/** The admin API's rule for a new password (ChangePasswordDto), so both ways agree. */
function checkPassword(password: string): void {
  const { problemWith, ChangePasswordDto } = loadServerParts();
  const problem = problemWith(ChangePasswordDto, { currentPassword: '', newPassword: password });
  if (problem) throw new UsageError(problem[1].replace(/^newPassword/, 'the password'));
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  // `echo secret |` and a file both end in a newline that is no part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new UsageError('--password-stdin reads one line: standard input held several');
  if (password === '') throw new UsageError('--password-stdin read an empty password');
  return password;
}

async function promptTwice(): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('--prompt needs a terminal: use --password-stdin to pass a password through a pipe');
  // Loaded now rather than between the two questions, while the terminal echoes again.
  loadServerParts();
  const first = await readHidden('New password: ');
  checkPassword(first);
  const second = await readHidden('Again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}
