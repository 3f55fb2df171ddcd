/**
 * Syntax tree of a filter (spec/rest-api.md §5). `parseFilter` only returns trees that passed the
 * type check, so consumers can rely on the types noted below.
 */

/** Static types of §5's values; `null` is the type of the `null` literal only. */
export type FilterType = 'bool' | 'int' | 'string' | 'null' | 'collection';

export type LiteralValue = string | number | boolean | null;

/** Canonical spelling; the text may use any case (§5). */
export type IdentifierName = 'userId' | 'connectionId' | 'groups';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FunctionName =
  | 'tolower'
  | 'toupper'
  | 'trim'
  | 'substring'
  | 'concat'
  | 'startswith'
  | 'endswith'
  | 'contains'
  | 'indexof'
  | 'length';

interface NodeBase {
  /** 0-based offset of the node's first character in the filter text. */
  readonly position: number;
}

export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier';
  readonly name: IdentifierName;
}

/** The `groups` collection where §5 allows it: right of `in`, or the argument of `length`. */
export interface GroupsNode extends IdentifierNode {
  readonly name: 'groups';
}

export interface NotNode extends NodeBase {
  readonly kind: 'not';
  readonly operand: FilterExpr;
}

/** A run of the same operator without parentheses, e.g. `a or b or c`, kept flat: 2+ operands. */
export interface LogicalNode extends NodeBase {
  readonly kind: 'and' | 'or';
  readonly operands: readonly FilterExpr[];
}

export interface ComparisonNode extends NodeBase {
  readonly kind: 'compare';
  readonly operator: ComparisonOperator;
  readonly left: FilterExpr;
  readonly right: FilterExpr;
}

/** `item in ('a', 'b')` or `item in groups` / `item in (groups)`. */
export interface InNode extends NodeBase {
  readonly kind: 'in';
  readonly item: FilterExpr;
  readonly collection: ListNode | GroupsNode;
}

/** The parenthesised literal list right of `in`; not an expression on its own. */
export interface ListNode extends NodeBase {
  readonly kind: 'list';
  readonly values: readonly LiteralNode[];
}

export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly name: FunctionName;
  readonly args: readonly FilterExpr[];
}

export type FilterExpr =
  | LiteralNode
  | IdentifierNode
  | NotNode
  | LogicalNode
  | ComparisonNode
  | InNode
  | CallNode;

/** The root of a parsed filter; always of type `bool`. */
export type FilterAst = FilterExpr;
