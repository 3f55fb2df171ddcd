import { UsageError } from './command';

/**
 * Reads one line from the terminal without echoing it. Node has no such prompt of its own (readline
 * echoes), and a package for these few lines is not worth a dependency: the terminal goes to raw
 * mode, characters are collected until Enter, Backspace removes one, Ctrl-C and Ctrl-D give up.
 */
export function readHidden(question: string): Promise<string> {
  const input = process.stdin;
  // Echo off before the question shows: an answer typed as soon as it does is never echoed.
  input.setRawMode(true);
  process.stderr.write(question);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(null);
        if (character === '\u0003' || character === '\u0004') return finish(new UsageError('no password was given'));
        if (character === '\u007f' || character === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += character;
      }
    };
    input.on('data', onData);
  });
}
