import { compileFilter, type FilterPredicate } from '@switchboard/protocol';

const MAX_ENTRIES = 256;
const compiled = new Map<string, FilterPredicate>();

/**
 * A Send carries its filter as OData text; each node compiles it once. Callers repeat the same
 * few filters, so the latest few hundred are kept. Throws FilterSyntaxError on bad text.
 */
export function compiledFilter(text: string): FilterPredicate {
  let predicate = compiled.get(text);
  if (predicate === undefined) {
    predicate = compileFilter(text);
    if (compiled.size >= MAX_ENTRIES) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, predicate);
  }
  return predicate;
}
