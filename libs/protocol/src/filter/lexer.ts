/**
 * Tokens of the OData filter subset of spec/rest-api.md §5. Every token keeps its 0-based offset
 * so that errors can point at it.
 */
import { FilterSyntaxError } from './errors';

interface TokenBase {
  /** 0-based offset of the token's first character in the filter text. */
  readonly position: number;
  /** The token exactly as written, quotes and doubled quotes included. */
  readonly raw: string;
}

/** Keywords, identifiers and function names; `lower` because §5 makes all of them case-insensitive. */
export interface WordToken extends TokenBase {
  readonly kind: 'word';
  readonly lower: string;
}

export interface StringToken extends TokenBase {
  readonly kind: 'string';
  /** The value with `''` already turned into `'`. */
  readonly value: string;
}

export interface IntegerToken extends TokenBase {
  readonly kind: 'integer';
  readonly value: number;
}

export interface PunctuationToken extends TokenBase {
  readonly kind: '(' | ')' | ',';
}

/** Always the last token; its position is the filter's length, where "expected ..." errors point. */
export interface EndToken extends TokenBase {
  readonly kind: 'end';
}

export type Token = WordToken | StringToken | IntegerToken | PunctuationToken | EndToken;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (isWhitespace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, position: i, raw: ch });
      i++;
    } else if (ch === "'") {
      const token = readString(text, i);
      tokens.push(token);
      i += token.raw.length;
    } else if (isDigit(ch) || ((ch === '+' || ch === '-') && isDigit(text[i + 1]))) {
      const token = readInteger(text, i);
      tokens.push(token);
      i += token.raw.length;
    } else if (isWordStart(ch)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text[end])) end++;
      const raw = text.slice(i, end);
      tokens.push({ kind: 'word', position: i, raw, lower: raw.toLowerCase() });
      i = end;
    } else {
      throw new FilterSyntaxError(text, i, `unexpected character '${ch}'`);
    }
  }
  tokens.push({ kind: 'end', position: text.length, raw: '' });
  return tokens;
}

/** §5: `string := "'" ( [^'] | "''" )* "'"`, so a doubled quote is one quote in the value. */
function readString(text: string, start: number): StringToken {
  let value = '';
  let chunkStart = start + 1;
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new FilterSyntaxError(text, start, 'unterminated string');
    if (text[i] !== "'") {
      i++;
    } else if (text[i + 1] === "'") {
      value += text.slice(chunkStart, i + 1);
      i += 2;
      chunkStart = i;
    } else {
      value += text.slice(chunkStart, i);
      return { kind: 'string', position: start, raw: text.slice(start, i + 1), value };
    }
  }
}

/** §5: `integer := [+-]? [0-9]+`; bounded to exact doubles so comparisons never round. */
function readInteger(text: string, start: number): IntegerToken {
  let end = start + 1;
  while (end < text.length && isDigit(text[end])) end++;
  const raw = text.slice(start, end);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new FilterSyntaxError(text, start, `integer ${raw} is out of range`);
  return { kind: 'integer', position: start, raw, value: value === 0 ? 0 : value };
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isWordStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isWordPart(ch: string): boolean {
  return isWordStart(ch) || isDigit(ch);
}
