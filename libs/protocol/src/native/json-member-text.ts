/**
 * Finds the source text of one top-level member of a JSON object, so a frame's `data` can be
 * forwarded byte-exact (see json-text.ts). Runs only on text JSON.parse has already accepted,
 * which is why it can skip values by their delimiters without re-validating them. Linear time;
 * the bounds checks only keep a misuse from looping forever.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * The raw value text of member `key` of the object `json`, or undefined when absent. Like
 * JSON.parse, the last occurrence of a duplicated key wins.
 * @param json text that JSON.parse accepts and whose top-level value is an object
 */
export function jsonMemberText(json: string, key: string): string | undefined {
  let i = skipWhitespace(json, 0) + 1; // past '{'
  let found: string | undefined;
  while (i < json.length) {
    i = skipWhitespace(json, i);
    if (json.charCodeAt(i) === CLOSE_BRACE) return found;
    const keyEnd = skipString(json, i);
    const rawKey = json.slice(i, keyEnd);
    const name = rawKey.includes('\\') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
    i = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1); // past ':'
    const valueEnd = skipValue(json, i);
    if (name === key) found = json.slice(i, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json.charCodeAt(i) === COMMA) i++;
  }
  return found;
}

/** JSON whitespace: space, tab, line feed, carriage return. */
function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function skipWhitespace(json: string, i: number): number {
  while (i < json.length && isWhitespace(json.charCodeAt(i))) i++;
  return i;
}

/** `i` is at an opening quote; returns the index after the closing quote. */
function skipString(json: string, i: number): number {
  for (i++; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return json.length;
}

function skipValue(json: string, i: number): number {
  const first = json.charCodeAt(i);
  if (first === QUOTE) return skipString(json, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < json.length) {
      const c = json.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(json, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
      i++;
    }
    return json.length;
  }
  // number, true, false, null: runs until a delimiter or whitespace
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isWhitespace(c)) return i;
  }
  return i;
}
