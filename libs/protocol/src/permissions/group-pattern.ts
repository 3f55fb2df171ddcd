/**
 * Group-name patterns of the `webpubsub.sendToGroups.<pattern>` / `webpubsub.joinLeaveGroups.<pattern>`
 * roles (spec/client-protocols.md §6, Azure "wildcard group roles" article):
 *
 *   `?`  exactly one character except `.`
 *   `*`  zero or more characters except `.`
 *   `**` zero or more characters including `.`
 *   `\`  escapes `\`, `*`, `?`; everything else is literal (including `.`)
 *   at most five `*` characters per pattern, those of `**` included.
 *
 * The app writes the patterns, but clients choose the group names they are matched against, so
 * matching must stay fast for any name. A backtracking RegExp is not, even without nested
 * quantifiers: k `[^.]*` runs backtrack in O(n^k) on a failing name (measured in V8: `*a*a*a*b`
 * against 1024 `a`s, ~54 s). So a pattern compiles to a token program run as a set-of-states
 * automaton instead: O(name length × pattern length) worst case, no backtracking, and no
 * RegExp escaping to get wrong because no RegExp is built.
 */

/** Azure's limit on `*` characters in one pattern. */
export const MAX_PATTERN_STARS = 5;

export interface GroupPattern {
  /** The pattern as written in the role. */
  readonly source: string;
  matches(group: string): boolean;
  /**
   * Whether every group name starting with `prefix` matches: true only for a pattern that is a
   * literal followed by one final `**`, and a prefix that starts with that literal. Sound, not
   * complete: it is what lets a role grant a whole MQTT wildcard filter.
   */
  coversPrefix(prefix: string): boolean;
}

export type GroupPatternResult = { ok: true; pattern: GroupPattern } | { ok: false; reason: string };

const enum Token {
  Literal,
  OneNonDot, // ?
  NonDotRun, // *
  AnyRun, // **
}

const DOT = 0x2e;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;

export function compileGroupPattern(source: string): GroupPatternResult {
  const kinds: Token[] = [];
  const chars: number[] = [];
  let stars = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = source.charCodeAt(i + 1);
      // The article defines `\` only before `\`, `*`, `?`. Anything else (or a trailing `\`) is
      // refused so a typo never grants more than the author meant.
      if (next !== BACKSLASH && next !== STAR && next !== QUESTION) {
        return { ok: false, reason: `invalid escape at position ${i} in group pattern '${source}'` };
      }
      kinds.push(Token.Literal);
      chars.push(next);
      i++;
    } else if (c === STAR) {
      const double = source.charCodeAt(i + 1) === STAR;
      stars += double ? 2 : 1;
      pushRun(kinds, chars, double ? Token.AnyRun : Token.NonDotRun);
      if (double) i++;
    } else if (c === QUESTION) {
      kinds.push(Token.OneNonDot);
      chars.push(0);
    } else {
      kinds.push(Token.Literal);
      chars.push(c);
    }
  }
  if (stars > MAX_PATTERN_STARS) {
    return {
      ok: false,
      reason: `group pattern '${source}' has ${stars} '*' characters; at most ${MAX_PATTERN_STARS} are allowed`,
    };
  }
  if (kinds.every((kind) => kind === Token.Literal)) {
    const literal = chars.reduce((text, c) => text + String.fromCharCode(c), '');
    return { ok: true, pattern: { source, matches: (group) => group === literal, coversPrefix: () => false } };
  }
  return { ok: true, pattern: new TokenPattern(source, kinds, chars) };
}

/** `**` absorbs a neighbouring `*` (e.g. `***`), so adjacent runs collapse into one state. */
function pushRun(kinds: Token[], chars: number[], run: Token.NonDotRun | Token.AnyRun): void {
  const last = kinds[kinds.length - 1];
  if (last === Token.AnyRun || last === Token.NonDotRun) {
    if (run === Token.AnyRun) kinds[kinds.length - 1] = Token.AnyRun;
    return;
  }
  kinds.push(run);
  chars.push(0);
}

class TokenPattern implements GroupPattern {
  private readonly kinds: Uint8Array;
  private readonly chars: Uint16Array;
  // Reused between calls: matching is synchronous, so one pair of state sets per pattern suffices.
  private current: Uint8Array;
  private next: Uint8Array;

  constructor(
    readonly source: string,
    kinds: readonly Token[],
    chars: readonly number[],
  ) {
    this.kinds = Uint8Array.from(kinds);
    this.chars = Uint16Array.from(chars);
    this.current = new Uint8Array(kinds.length + 1);
    this.next = new Uint8Array(kinds.length + 1);
  }

  coversPrefix(prefix: string): boolean {
    const last = this.kinds.length - 1;
    if (this.kinds[last] !== Token.AnyRun) return false;
    if (last > prefix.length) return false;
    for (let i = 0; i < last; i++) {
      if (this.kinds[i] !== Token.Literal || this.chars[i] !== prefix.charCodeAt(i)) return false;
    }
    return true;
  }

  matches(group: string): boolean {
    const { kinds, chars } = this;
    let current = this.current;
    let next = this.next;
    current.fill(0);
    current[0] = 1;
    this.close(current);
    for (let g = 0; g < group.length; g++) {
      const c = group.charCodeAt(g);
      next.fill(0);
      let alive = false;
      for (let s = 0; s < kinds.length; s++) {
        if (current[s] === 0) continue;
        let target = -1;
        switch (kinds[s]) {
          case Token.Literal:
            if (c === chars[s]) target = s + 1;
            break;
          case Token.OneNonDot:
            if (c !== DOT) target = s + 1;
            break;
          case Token.NonDotRun:
            if (c !== DOT) target = s;
            break;
          case Token.AnyRun:
            target = s;
            break;
        }
        if (target >= 0) {
          next[target] = 1;
          alive = true;
        }
      }
      if (!alive) return false;
      this.close(next);
      [current, next] = [next, current];
    }
    return current[kinds.length] === 1;
  }

  /** Runs match the empty string, so a state sitting on a run also stands on the token after it. */
  private close(states: Uint8Array): void {
    for (let s = 0; s < this.kinds.length; s++) {
      if (states[s] === 1 && (this.kinds[s] === Token.NonDotRun || this.kinds[s] === Token.AnyRun)) {
        states[s + 1] = 1;
      }
    }
  }
}
