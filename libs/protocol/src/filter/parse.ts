/**
 * Recursive-descent parser for the grammar of spec/rest-api.md §5, lowest precedence first:
 *
 *   filter   := or_expr
 *   or_expr  := and_expr ( 'or' and_expr )*
 *   and_expr := cmp_expr ( 'and' cmp_expr )*
 *   cmp_expr := unary ( ( 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' ) unary )?
 *             | unary 'in' ( '(' value ( ',' value )* ')' | 'groups' | '(' 'groups' ')' )
 *   unary    := 'not' unary | primary
 *   primary  := '(' or_expr ')' | 'true' | 'false' | 'null' | string | integer
 *             | 'userId' | 'connectionId' | 'groups' | func
 *
 * `not` sits below the comparisons on purpose: §5 says `not length(userId) gt 5` is a type error.
 */
import type {
  CallNode,
  ComparisonOperator,
  FilterAst,
  FilterExpr,
  GroupsNode,
  IdentifierName,
  ListNode,
  LiteralNode,
} from './ast';
import { FilterSyntaxError } from './errors';
import { FUNCTION_SIGNATURES, lookupFunction } from './functions';
import { tokenize, type Token } from './lexer';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits';
import { checkTypes } from './typecheck';

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Words that can never start a value, so "expected a value" beats "unknown identifier". */
const OPERATOR_KEYWORDS: ReadonlySet<string> = new Set([...COMPARISON_OPERATORS, 'and', 'or', 'in']);

const IDENTIFIERS: ReadonlyMap<string, IdentifierName> = new Map<string, IdentifierName>([
  ['userid', 'userId'],
  ['connectionid', 'connectionId'],
  ['groups', 'groups'],
]);

/**
 * Parses and type-checks a filter. Throws `FilterSyntaxError` for anything §5 would answer with
 * `400`, including a result that is not boolean.
 */
export function parseFilter(text: string): FilterAst {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(text, MAX_FILTER_LENGTH, `filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const ast = new Parser(text, tokenize(text)).parseFilter();
  checkTypes(ast, text);
  return ast;
}

class Parser {
  private index = 0;
  private depth = 0;
  private clauses = 1;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseFilter(): FilterExpr {
    const root = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(next, `expected 'and', 'or' or end of filter but found ${describe(next)}`);
    return root;
  }

  private parseOr(): FilterExpr {
    return this.parseLogical('or', () => this.parseAnd());
  }

  private parseAnd(): FilterExpr {
    return this.parseLogical('and', () => this.parseComparison());
  }

  private parseLogical(keyword: 'and' | 'or', parseOperand: () => FilterExpr): FilterExpr {
    const first = parseOperand();
    if (!this.atWord(keyword)) return first;
    const operands = [first];
    while (this.atWord(keyword)) {
      const operator = this.advance();
      // §5 "Size limit": each extra and/or operand is one more clause.
      if (++this.clauses > MAX_FILTER_CLAUSES) {
        this.fail(operator, `filter has more than ${MAX_FILTER_CLAUSES} clauses`);
      }
      operands.push(parseOperand());
    }
    return { kind: keyword, operands, position: first.position };
  }

  private parseComparison(): FilterExpr {
    const left = this.parseUnary();
    const next = this.peek();
    if (next.kind !== 'word') return left;
    if (COMPARISON_OPERATORS.has(next.lower)) {
      this.advance();
      const right = this.parseUnary();
      return { kind: 'compare', operator: next.lower as ComparisonOperator, left, right, position: left.position };
    }
    if (next.lower === 'in') {
      this.advance();
      return { kind: 'in', item: left, collection: this.parseInCollection(), position: left.position };
    }
    return left;
  }

  /** §5: right of `in` comes a literal list, `groups`, or `(groups)`. */
  private parseInCollection(): ListNode | GroupsNode {
    const open = this.peek();
    if (this.atWord('groups')) return this.groups(this.advance());
    if (open.kind !== '(') this.fail(open, `expected '(' or 'groups' after 'in' but found ${describe(open)}`);
    this.advance();
    const inner = this.peek();
    if (this.atWord('groups') && this.peek(1).kind === ')') {
      this.advance();
      this.advance();
      return this.groups(inner);
    }
    const values = [this.parseListValue()];
    while (this.peek().kind === ',') {
      this.advance();
      values.push(this.parseListValue());
    }
    this.expect(')');
    return { kind: 'list', values, position: open.position };
  }

  /** §5 leaves `value` undefined; OData's `in` lists hold literals, so only literals are accepted. */
  private parseListValue(): LiteralNode {
    const token = this.peek();
    const literal = this.literal(token);
    if (!literal) this.fail(token, `expected a literal value but found ${describe(token)}`);
    this.advance();
    return literal;
  }

  private parseUnary(): FilterExpr {
    if (!this.atWord('not')) return this.parsePrimary();
    const not = this.advance();
    this.enter(not);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand, position: not.position };
  }

  private parsePrimary(): FilterExpr {
    const token = this.peek();
    if (token.kind === '(') {
      this.advance();
      this.enter(token);
      const inner = this.parseOr();
      this.expect(')');
      this.depth--;
      return inner;
    }
    const literal = this.literal(token);
    if (literal) {
      this.advance();
      return literal;
    }
    if (token.kind !== 'word') this.fail(token, expectedValue(token));
    const identifier = IDENTIFIERS.get(token.lower);
    if (identifier) {
      this.advance();
      return { kind: 'identifier', name: identifier, position: token.position };
    }
    if (OPERATOR_KEYWORDS.has(token.lower)) this.fail(token, expectedValue(token));
    if (this.peek(1).kind === '(') return this.parseCall();
    this.fail(token, `unknown identifier '${token.raw}'`);
  }

  private parseCall(): CallNode {
    const nameToken = this.advance();
    const name = lookupFunction(nameToken.raw.toLowerCase());
    if (!name) this.fail(nameToken, `unknown function '${nameToken.raw}'`);
    const open = this.advance();
    this.enter(open);
    const args = [this.parseOr()];
    while (this.peek().kind === ',') {
      this.advance();
      args.push(this.parseOr());
    }
    this.expect(')');
    this.depth--;
    const { minArgs, params } = FUNCTION_SIGNATURES[name];
    if (args.length < minArgs || args.length > params.length) {
      const count = minArgs === params.length ? `${minArgs}` : `${minArgs} or ${params.length}`;
      const plural = params.length === 1 ? '' : 's';
      this.fail(nameToken, `function '${name}' takes ${count} argument${plural}, not ${args.length}`);
    }
    return { kind: 'call', name, args, position: nameToken.position };
  }

  private literal(token: Token): LiteralNode | undefined {
    const { position } = token;
    if (token.kind === 'string' || token.kind === 'integer') return { kind: 'literal', value: token.value, position };
    if (token.kind !== 'word') return undefined;
    if (token.lower === 'true') return { kind: 'literal', value: true, position };
    if (token.lower === 'false') return { kind: 'literal', value: false, position };
    if (token.lower === 'null') return { kind: 'literal', value: null, position };
    return undefined;
  }

  private groups(token: Token): GroupsNode {
    return { kind: 'identifier', name: 'groups', position: token.position };
  }

  /** Bounds recursion (limits.ts) at each '(' , `not` and function call. */
  private enter(token: Token): void {
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(token, `filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);
  }

  private expect(kind: ')'): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(token, `expected '${kind}' but found ${describe(token)}`);
    return this.advance();
  }

  private atWord(lower: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.lower === lower;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail(token: Token, detail: string): never {
    throw new FilterSyntaxError(this.text, token.position, detail);
  }
}

function expectedValue(token: Token): string {
  return token.kind === 'end' ? 'expected a value' : `expected a value but found ${describe(token)}`;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of filter';
    case 'string':
      return `string ${token.raw}`;
    case 'integer':
      return `number ${token.raw}`;
    default:
      return `'${token.raw}'`;
  }
}
