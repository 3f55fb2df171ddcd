/**
 * Static types for a parsed filter. §5 of spec/rest-api.md requires a boolean result and calls
 * `not length(userId) gt 5` a type error; checking once at parse time means the compiled
 * predicate never meets a type error per connection, and a bad filter is a `400` even when no
 * connection would have been evaluated.
 */
import type { FilterExpr, FilterType, LiteralValue } from './ast';
import { FilterSyntaxError } from './errors';
import { FUNCTION_SIGNATURES } from './functions';

const ORDERED: readonly FilterType[] = ['int', 'string'];
const SINGLE_VALUE: readonly FilterType[] = ['bool', 'int', 'string'];

/** Throws `FilterSyntaxError` unless `root` is a well-typed boolean expression. */
export function checkTypes(root: FilterExpr, text: string): void {
  new TypeChecker(text).requireBool(root);
}

class TypeChecker {
  constructor(private readonly text: string) {}

  /**
   * Logical operands must be `bool` proper: Azure's message for `not length(userId)` is
   * "Type 'null', expect 'bool'" (§5), so even the `null` literal is refused here.
   */
  requireBool(node: FilterExpr): void {
    const type = this.typeOf(node);
    if (type !== 'bool') this.fail(node, type, ['bool']);
  }

  private typeOf(node: FilterExpr): FilterType {
    switch (node.kind) {
      case 'literal':
        return literalType(node.value);
      case 'identifier':
        return node.name === 'groups' ? 'collection' : 'string';
      case 'not':
        this.requireBool(node.operand);
        return 'bool';
      case 'and':
      case 'or':
        for (const operand of node.operands) this.requireBool(operand);
        return 'bool';
      case 'compare': {
        // eq/ne compare any single values; ordering only makes sense for numbers and strings.
        const allowed = node.operator === 'eq' || node.operator === 'ne' ? SINGLE_VALUE : ORDERED;
        const left = this.single(node.left, allowed);
        const right = this.single(node.right, allowed);
        if (left !== 'null' && right !== 'null' && left !== right) this.fail(node.right, right, [left]);
        return 'bool';
      }
      case 'in': {
        if (node.collection.kind === 'identifier') {
          // §5: `'g1' in groups` tests membership of a group name, so the item is a string.
          this.single(node.item, ['string']);
          return 'bool';
        }
        let itemType = this.single(node.item, SINGLE_VALUE);
        for (const value of node.collection.values) {
          const valueType = literalType(value.value);
          if (valueType === 'null') continue;
          if (itemType === 'null') itemType = valueType;
          else if (valueType !== itemType) this.fail(value, valueType, [itemType]);
        }
        return 'bool';
      }
      case 'call': {
        const signature = FUNCTION_SIGNATURES[node.name];
        node.args.forEach((arg, i) => this.single(arg, signature.params[i]));
        return signature.returns;
      }
    }
  }

  /** The node's type, which must be one of `allowed` or the `null` literal (§5 null semantics). */
  private single(node: FilterExpr, allowed: readonly FilterType[]): FilterType {
    const type = this.typeOf(node);
    if (type !== 'null' && !allowed.includes(type)) this.fail(node, type, allowed);
    return type;
  }

  private fail(node: FilterExpr, actual: FilterType, expected: readonly FilterType[]): never {
    const wanted = expected.map((type) => `'${type}'`).join(' or ');
    // Worded like Azure's "Type 'null', expect 'bool'" (§5).
    throw new FilterSyntaxError(this.text, node.position, `Type '${actual}', expect ${wanted}`);
  }
}

function literalType(value: LiteralValue): FilterType {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'int';
  return 'bool';
}
