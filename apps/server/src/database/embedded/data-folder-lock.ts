import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, startTimeOf } from './process-table';

/** Thrown when another live process holds the data folder. */
export class DataFolderInUseError extends Error {
  constructor(readonly pid: number) {
    super(`the data folder is in use by a running Switchboard (pid ${pid}); stop it or set DATABASE_URL`);
    this.name = 'DataFolderInUseError';
  }
}

/**
 * `DATA_DIR/switchboard.pid`: one process at a time opens the embedded database. The file holds
 * the owner's pid and, where /proc exists, its start time, so that a pid reused after a kill -9
 * (pid 1 in a restarted container) does not pass for the old owner. PostgreSQL's own
 * postmaster.pid stays the last guard against two servers on one cluster.
 */
export class DataFolderLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataFolderLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'switchboard.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, `${process.pid} ${startTimeOf(process.pid) ?? ''}\n`);
        closeSync(fd);
        return new DataFolderLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(path);
      if (holder !== null) throw new DataFolderInUseError(holder);
      unlinkSync(path);
    }
    throw new Error(`cannot take ${path}: another process keeps creating it`);
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // already gone: nothing to release
    }
  }
}

/** The pid of a live holder of the lock file, or null when it is stale or unreadable. */
function readHolder(path: string): number | null {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const [pidText, startTime] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return null;
  if (startTime && startTimeOf(pid) !== null && startTimeOf(pid) !== startTime) return null;
  return pid;
}
