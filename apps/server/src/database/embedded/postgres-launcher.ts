import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The uid PostgreSQL runs as when Switchboard runs as root, which PostgreSQL refuses. initdb
 * looks the uid up in /etc/passwd, and "nobody" is there on every Linux.
 */
const NOBODY = 65534;

export interface Launcher {
  /** Command words put before initdb and postgres. */
  prefix: string[];
  /**
   * As root, who must own the cluster's folders: root itself when PostgreSQL runs in a user
   * namespace, nobody when it runs as nobody. Null for an ordinary user, who owns what it makes.
   */
  fileOwner: { uid: number; gid: number } | null;
}

/**
 * How PostgreSQL is started here. On Linux `setpriv --pdeathsig INT` makes the kernel send it a
 * fast-shutdown signal when Switchboard dies, even by kill -9, so no database outlives its
 * server; elsewhere the next start stops a leftover one. As root, PostgreSQL starts inside a
 * user namespace where root is mapped to nobody: the files stay root's, every folder root can
 * reach stays reachable, no system user is created. Where user namespaces are refused (a
 * container's seccomp profile), it runs as nobody, who must then reach DATA_DIR and node_modules.
 */
export function launcher(): Launcher {
  const root = process.getuid?.() === 0;
  if (process.platform !== 'linux') {
    if (root) throw new Error('PostgreSQL does not run as root: start Switchboard as an ordinary user, or set DATABASE_URL');
    return { prefix: [], fileOwner: null };
  }
  const setpriv = onPath('setpriv');
  const dieWithUs = setpriv ? [setpriv, '--pdeathsig', 'INT', '--'] : [];
  if (!root) return { prefix: dieWithUs, fileOwner: null };
  const unshare = onPath('unshare');
  const inNamespace = unshare ? [unshare, '--user', `--map-user=${NOBODY}`, `--map-group=${NOBODY}`] : [];
  if (unshare && spawnSync(inNamespace[0], [...inNamespace.slice(1), 'true'], { stdio: 'ignore' }).status === 0) {
    return { prefix: [...inNamespace, ...dieWithUs], fileOwner: { uid: 0, gid: 0 } };
  }
  if (!setpriv) throw new Error('PostgreSQL does not run as root, and neither `unshare` nor `setpriv` (util-linux) can start it as another user: start Switchboard as an ordinary user, or set DATABASE_URL');
  return {
    prefix: [setpriv, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--pdeathsig', 'INT', '--'],
    fileOwner: { uid: NOBODY, gid: NOBODY },
  };
}

/** A hint for PostgreSQL's own error when it ran as nobody and met a folder it cannot reach. */
export function launcherHint(launcher: Launcher, stderr: string): string {
  return launcher.fileOwner?.uid === NOBODY && /Permission denied/.test(stderr)
    ? ' (as root on a system without user namespaces PostgreSQL runs as nobody, who must be able to reach DATA_DIR and node_modules: start Switchboard as an ordinary user, or set DATABASE_URL)'
    : '';
}

function onPath(command: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/bin'];
  return dirs.map((dir) => join(dir, command)).find((candidate) => existsSync(candidate)) ?? null;
}
