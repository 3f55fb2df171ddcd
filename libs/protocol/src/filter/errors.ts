/**
 * The one error a bad filter produces, syntax and type errors alike: the REST layer turns it into
 * `400` with code `InvalidFilter` and target `filter` (spec/rest-api.md §5, §6).
 */

/** Longest slice of the filter quoted back in a message, so a 4 KB filter does not bloat the error body. */
const QUOTED_FILTER_MAX = 256;

export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  /** The filter text as received. */
  readonly filter: string;
  /** 0-based character (UTF-16 code unit) offset where the problem was found; `filter.length` at end of input. */
  readonly position: number;
  /** The problem without the filter and position, e.g. `expected a value`. */
  readonly detail: string;

  constructor(filter: string, position: number, detail: string) {
    // Shaped like Azure's "Invalid syntax for '<filter>': <detail>" (§5), plus the position.
    super(`Invalid syntax for '${quoteForMessage(filter)}': ${detail} at position ${position}`);
    this.filter = filter;
    this.position = position;
    this.detail = detail;
  }
}

function quoteForMessage(filter: string): string {
  return filter.length <= QUOTED_FILTER_MAX ? filter : `${filter.slice(0, QUOTED_FILTER_MAX)}...`;
}
