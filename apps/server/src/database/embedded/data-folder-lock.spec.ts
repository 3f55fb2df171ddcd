import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderInUseError, DataFolderLock } from './data-folder-lock';
import { startTimeOf } from './process-table';

describe('DataFolderLock', () => {
  let dataDir: string;
  let other: ChildProcess;

  beforeAll(() => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  });

  afterAll(() => other.kill());

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-lock-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const lockFile = () => join(dataDir, 'switchboard.pid');

  it('writes its pid, and removes the file on release', () => {
    const lock = DataFolderLock.acquire(dataDir);
    expect(readFileSync(lockFile(), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses while another live process holds it, naming that process', () => {
    writeFileSync(lockFile(), `${other.pid} ${startTimeOf(other.pid!) ?? ''}\n`);
    expect(() => DataFolderLock.acquire(dataDir)).toThrow(DataFolderInUseError);
    expect(() => DataFolderLock.acquire(dataDir)).toThrow(
      `the data folder is in use by a running Switchboard (pid ${other.pid}); stop it or set DATABASE_URL`,
    );
    expect(readFileSync(lockFile(), 'utf8')).toMatch(new RegExp(`^${other.pid} `));
  });

  it('takes over the file of a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(lockFile(), `${gone.pid}\n`);
    DataFolderLock.acquire(dataDir).release();
  });

  it('takes over the file of a pid now reused by another process (kill -9, then a container restart)', () => {
    if (startTimeOf(process.pid) === null) return; // no /proc: the start time cannot tell
    writeFileSync(lockFile(), `${other.pid} 1\n`);
    DataFolderLock.acquire(dataDir).release();
  });

  it('takes over its own pid, as pid 1 in a restarted container finds it', () => {
    writeFileSync(lockFile(), `${process.pid} 1\n`);
    DataFolderLock.acquire(dataDir).release();
  });
});
