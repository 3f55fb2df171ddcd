/**
 * OData `filter` of the data-plane REST API (spec/rest-api.md §5): parse and check once per
 * request, then evaluate the compiled predicate per connection.
 */
export { parseFilter } from './parse';
export { compileFilter, compileFilterAst } from './compile';
export { FilterSyntaxError } from './errors';
export { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits';
export type { FilterCandidate, FilterPredicate } from './candidate';
export type {
  CallNode,
  ComparisonNode,
  ComparisonOperator,
  FilterAst,
  FilterExpr,
  FilterType,
  FunctionName,
  GroupsNode,
  IdentifierName,
  IdentifierNode,
  InNode,
  ListNode,
  LiteralNode,
  LiteralValue,
  LogicalNode,
  NotNode,
} from './ast';
