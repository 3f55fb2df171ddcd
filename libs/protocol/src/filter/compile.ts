/**
 * Turns a checked filter into a plain closure tree once per request, so that sends and
 * `:addToGroups` (spec/rest-api.md §4.1) evaluate it per connection without re-parsing and
 * without allocating.
 *
 * Values follow §5's null semantics: identifiers and functions may yield `null`; `eq`/`ne` treat
 * `null` as a value (OData: `null eq null` is true, `null ne 'a'` is true); `gt`/`ge`/`lt`/`le`
 * involving `null` are false; `and`/`or`/`not` use OData's three-valued logic, and a top-level
 * `null` does not match.
 */
import type { CallNode, ComparisonNode, FilterAst, FilterExpr, InNode, LiteralValue, LogicalNode } from './ast';
import { groupCount, hasGroup, type FilterCandidate, type FilterPredicate } from './candidate';
import { parseFilter } from './parse';

/** A value of any single type; `boolean | null` for conditions (null = unknown). */
type Evaluator = (candidate: FilterCandidate) => LiteralValue;

/** Parses, type-checks and compiles; throws `FilterSyntaxError` for a filter §5 refuses. */
export function compileFilter(text: string): FilterPredicate {
  return compileFilterAst(parseFilter(text));
}

/** Compiles a tree returned by `parseFilter` (it must have passed the type check). */
export function compileFilterAst(ast: FilterAst): FilterPredicate {
  const evaluate = compile(ast);
  return (candidate) => evaluate(candidate) === true;
}

function compile(node: FilterExpr): Evaluator {
  switch (node.kind) {
    case 'literal': {
      const { value } = node;
      return () => value;
    }
    case 'identifier':
      if (node.name === 'userId') return (c) => c.userId ?? null; // tolerate `undefined` from callers
      if (node.name === 'connectionId') return (c) => c.connectionId;
      return unexpected('groups outside `in` and `length`');
    case 'not': {
      const operand = compile(node.operand);
      return (c) => {
        const value = operand(c);
        return value === null ? null : !value;
      };
    }
    case 'and':
    case 'or':
      return compileLogical(node);
    case 'compare':
      return compileComparison(node);
    case 'in':
      return compileIn(node);
    case 'call':
      return compileCall(node);
  }
}

/** OData three-valued logic: `false and null` is false, `true or null` is true, otherwise null wins. */
function compileLogical(node: LogicalNode): Evaluator {
  const operands = node.operands.map(compile);
  const decisive = node.kind === 'or';
  return (c) => {
    let unknown = false;
    for (let i = 0; i < operands.length; i++) {
      const value = operands[i](c);
      if (value === decisive) return decisive;
      if (value === null) unknown = true;
    }
    return unknown ? null : !decisive;
  };
}

function compileComparison(node: ComparisonNode): Evaluator {
  const left = compile(node.left);
  const right = compile(node.right);
  // The type check guarantees both sides have one type (or are null), so === and < are exact;
  // strings order by UTF-16 code unit, i.e. ordinally and case-sensitively.
  switch (node.operator) {
    case 'eq':
      return (c) => left(c) === right(c);
    case 'ne':
      return (c) => left(c) !== right(c);
    case 'gt':
      return ordered(left, right, (a, b) => a > b);
    case 'ge':
      return ordered(left, right, (a, b) => a >= b);
    case 'lt':
      return ordered(left, right, (a, b) => a < b);
    case 'le':
      return ordered(left, right, (a, b) => a <= b);
  }
}

/** §5: "a comparison involving null (other than eq/ne null) is false". */
function ordered(left: Evaluator, right: Evaluator, test: (a: number, b: number) => boolean): Evaluator {
  return (c) => {
    const a = left(c);
    const b = right(c);
    // Numbers or strings of the same type (type check); typed as number only to satisfy `<`.
    return a !== null && b !== null && test(a as number, b as number);
  };
}

function compileIn(node: InNode): Evaluator {
  const item = compile(node.item);
  if (node.collection.kind === 'identifier') {
    return (c) => {
      const name = item(c);
      return name !== null && hasGroup(c.groups, name as string);
    };
  }
  // Same answers as a chain of `eq`, so `null in ('a', null)` is true for an anonymous user.
  const values = new Set<LiteralValue>(node.collection.values.map((literal) => literal.value));
  return (c) => values.has(item(c));
}

/** §5: "a function applied to null yields null". */
function compileCall(node: CallNode): Evaluator {
  const [first, second, third] = node.args;
  if (node.name === 'length' && first.kind === 'identifier' && first.name === 'groups') {
    return (c) => groupCount(c.groups);
  }
  switch (node.name) {
    case 'tolower':
      return unary(first, (s: string) => s.toLowerCase());
    case 'toupper':
      return unary(first, (s: string) => s.toUpperCase());
    case 'trim':
      return unary(first, (s: string) => s.trim());
    case 'length':
      return unary(first, (s: string) => s.length);
    case 'concat':
      return binary(first, second, (a: string, b: string) => a + b);
    case 'startswith':
      return binary(first, second, (s: string, p: string) => s.startsWith(p));
    case 'endswith':
      return binary(first, second, (s: string, p: string) => s.endsWith(p));
    case 'contains':
      return binary(first, second, (s: string, p: string) => s.includes(p));
    case 'indexof':
      return binary(first, second, (s: string, p: string) => s.indexOf(p));
    case 'substring':
      return third === undefined
        ? binary(first, second, (s: string, start: number) => s.slice(clamp(start, s.length)))
        : ternary(first, second, third, substring);
  }
}

/**
 * OData's `substring(s, start, length)` with a zero-based start. Out-of-range arguments are
 * clamped rather than refused, since they depend on the connection and cannot be a 400.
 */
function substring(s: string, start: number, length: number): string {
  const from = clamp(start, s.length);
  return s.slice(from, from + clamp(length, s.length - from));
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}

function unary<A>(a: FilterExpr, f: (a: A) => LiteralValue): Evaluator {
  const ea = compile(a);
  return (c) => {
    const va = ea(c);
    return va === null ? null : f(va as A);
  };
}

function binary<A, B>(a: FilterExpr, b: FilterExpr, f: (a: A, b: B) => LiteralValue): Evaluator {
  const ea = compile(a);
  const eb = compile(b);
  return (c) => {
    const va = ea(c);
    const vb = eb(c);
    return va === null || vb === null ? null : f(va as A, vb as B);
  };
}

function ternary<A, B, C>(
  a: FilterExpr,
  b: FilterExpr,
  d: FilterExpr,
  f: (a: A, b: B, c: C) => LiteralValue,
): Evaluator {
  const ea = compile(a);
  const eb = compile(b);
  const ed = compile(d);
  return (c) => {
    const va = ea(c);
    const vb = eb(c);
    const vd = ed(c);
    return va === null || vb === null || vd === null ? null : f(va as A, vb as B, vd as C);
  };
}

function unexpected(what: string): never {
  throw new Error(`filter tree was not type-checked: ${what}`);
}
