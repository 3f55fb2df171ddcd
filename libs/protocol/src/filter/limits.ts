/**
 * Bounds on what a filter may cost before it is refused with a 400 (spec/rest-api.md §5 "Size
 * limit"). The filter arrives from a query string or a JSON body, so every bound is checked while
 * parsing, before any connection is evaluated.
 */

/** Longer filters are refused outright, before lexing, so lexing and parsing stay linear and cheap. */
export const MAX_FILTER_LENGTH = 4096;

/**
 * Nesting of parentheses, `not` and function calls. The parser, the type check and the compiled
 * predicate all recurse once per level, so this bounds their stack use; no real filter comes close.
 */
export const MAX_FILTER_DEPTH = 32;

/**
 * §5 says "around 100 clauses (unconfirmed exact)"; a clause here is one operand of `and` / `or`,
 * so a filter may hold at most 99 of those operators.
 */
export const MAX_FILTER_CLAUSES = 100;
