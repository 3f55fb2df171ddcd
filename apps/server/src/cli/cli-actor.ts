import { userInfo } from 'node:os';

/** Who made a change through the CLI, in the audit log: `cli:` and the operating-system user. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 128);
  } catch {
    // A uid with no entry in /etc/passwd (some containers).
    return 'cli';
  }
}
