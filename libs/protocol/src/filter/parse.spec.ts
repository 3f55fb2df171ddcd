import { FilterSyntaxError } from './errors';
import { parseFilter } from './parse';

describe('filter parser', () => {
  it('builds a comparison with canonical identifier names and the node positions', () => {
    expect(parseFilter("USERID Eq 'u1'")).toEqual({
      kind: 'compare',
      operator: 'eq',
      position: 0,
      left: { kind: 'identifier', name: 'userId', position: 0 },
      right: { kind: 'literal', value: 'u1', position: 10 },
    });
  });

  it('keeps a run of the same logical operator flat', () => {
    const ast = parseFilter("userId eq 'a' or userId eq 'b' or userId eq 'c'");
    expect(ast).toMatchObject({ kind: 'or' });
    expect(ast.kind === 'or' && ast.operands).toHaveLength(3);
  });

  it('binds and tighter than or', () => {
    expect(parseFilter("userId eq 'a' or userId eq 'b' and connectionId eq 'c'")).toMatchObject({
      kind: 'or',
      operands: [{ kind: 'compare' }, { kind: 'and', operands: [{ kind: 'compare' }, { kind: 'compare' }] }],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilter("(userId eq 'a' or userId eq 'b') and connectionId eq 'c'")).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'or' }, { kind: 'compare' }],
    });
  });

  it('binds not tighter than a comparison', () => {
    expect(parseFilter('not true eq false')).toMatchObject({
      kind: 'compare',
      left: { kind: 'not', operand: { kind: 'literal', value: true } },
      right: { kind: 'literal', value: false },
    });
  });

  it("reads 'g' in groups, 'g' in (groups) and a literal list", () => {
    const groups = { kind: 'identifier', name: 'groups' };
    expect(parseFilter("'g' in groups")).toMatchObject({ kind: 'in', collection: groups });
    expect(parseFilter("'g' in (groups)")).toMatchObject({ kind: 'in', collection: groups });
    expect(parseFilter("userId in ('a', null)")).toMatchObject({
      kind: 'in',
      collection: { kind: 'list', values: [{ value: 'a' }, { value: null }] },
    });
  });

  it('reads function calls by their lower-case name', () => {
    expect(parseFilter("StartsWith(userId, 'u')")).toMatchObject({
      kind: 'call',
      name: 'startswith',
      args: [{ kind: 'identifier' }, { kind: 'literal', value: 'u' }],
    });
  });

  it('returns only trees that pass the type check', () => {
    expect(() => parseFilter('userId')).toThrow(FilterSyntaxError);
  });
});
