import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

/** The launcher npm links as `node_modules/.bin/switchboard`; it loads the built CLI. */
export const CLI_LAUNCHER = resolve(__dirname, '../../apps/server/bin/switchboard.js');
/** What `npx switchboard` runs at the repository root. */
export const CLI_LINK = resolve(__dirname, '../../node_modules/.bin/switchboard');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  /** The whole environment of the CLI besides PATH and HOME: as an operator would set it for the server. */
  env: Record<string, string>;
  /** Written to standard input, then closed; without it standard input is empty. */
  input?: string;
  /** Default: node running the launcher. */
  executable?: string;
}

/** Runs the real built CLI as a child process to its end. */
export function runCli(args: string[], { env, input, executable }: CliRun, timeoutMs = 45_000): Promise<CliResult> {
  const [command, commandArgs] = executable ? [executable, args] : [process.execPath, [CLI_LAUNCHER, ...args]];
  return new Promise((done, fail) => {
    const child = spawn(command, commandArgs, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`switchboard ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer once its prompt is
 * shown: what a person at a terminal does, so that echo and raw mode are the real ones.
 */
export function runCliOnTerminal(args: string[], env: Record<string, string>, answers: string[], timeoutMs = 45_000): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI_LAUNCHER, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((done, fail) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', ...env }, cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let answered = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const prompts = output.match(/(New password|Again): /g)?.length ?? 0;
      while (answered < prompts && answered < answers.length) child.stdin.write(`${answers[answered++]}\r`);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`switchboard ${args.join(' ')} on a terminal did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}
