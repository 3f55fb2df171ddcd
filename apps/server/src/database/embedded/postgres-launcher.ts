import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The uid PostgreSQL sees when Switchboard runs as root. PostgreSQL refuses to run as root, so
 * as root it starts inside a user namespace where root is mapped to this uid: the files stay
 * root's, every folder root can reach stays reachable, and no system user is created. initdb
 * looks the uid up in /etc/passwd, and "nobody" is there on every Linux.
 */
const NOBODY = 65534;

/**
 * The command words put before initdb and postgres. On Linux `setpriv --pdeathsig INT` makes
 * the kernel send PostgreSQL a fast-shutdown signal when Switchboard dies, even by kill -9, so
 * no database outlives its server; elsewhere the next start stops a leftover one.
 */
export function launcherPrefix(): string[] {
  const root = process.getuid?.() === 0;
  if (process.platform !== 'linux') {
    if (root) throw new Error('PostgreSQL does not run as root: start Switchboard as an ordinary user, or set DATABASE_URL');
    return [];
  }
  const prefix: string[] = [];
  if (root) {
    const unshare = onPath('unshare');
    if (!unshare) throw new Error('PostgreSQL does not run as root and `unshare` (util-linux) is missing: install it, start Switchboard as an ordinary user, or set DATABASE_URL');
    prefix.push(unshare, '--user', `--map-user=${NOBODY}`, `--map-group=${NOBODY}`);
  }
  const setpriv = onPath('setpriv');
  if (setpriv) prefix.push(setpriv, '--pdeathsig', 'INT', '--');
  return prefix;
}

/** Words of an error from the launcher that mean user namespaces are not allowed here. */
export function launcherHint(stderr: string): string {
  return /unshare failed|Operation not permitted|write failed \/proc\/self\/(uid|gid)_map/.test(stderr) && process.getuid?.() === 0
    ? ' (as root, PostgreSQL runs in a user namespace, which this system refuses: start Switchboard as an ordinary user, or set DATABASE_URL)'
    : '';
}

function onPath(command: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/bin'];
  return dirs.map((dir) => join(dir, command)).find((candidate) => existsSync(candidate)) ?? null;
}
