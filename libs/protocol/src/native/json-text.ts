/**
 * `dataType: "json"` data travels as JSON *text*, not as a parsed value: the client's bytes are
 * passed on as written (no precision loss on large integers, no re-serialisation per message),
 * and the text is spliced into outbound frames as is (spec/client-protocols.md §4.1 "published
 * as is"). Splicing is only safe for text known to be one valid JSON value, hence the brand:
 * obtain a JsonText from the decoder or from `toJsonText`, never by casting.
 */
declare const jsonTextBrand: unique symbol;

export type JsonText = string & { readonly [jsonTextBrand]: true };

/** The text as JsonText when it is exactly one JSON value (surrounding whitespace allowed). */
export function toJsonText(text: string): JsonText | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return text as JsonText;
}

