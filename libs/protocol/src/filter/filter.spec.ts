/**
 * The filter of spec/rest-api.md §5, end to end: text in, which connections match out.
 */
import {
  compileFilter,
  FilterSyntaxError,
  MAX_FILTER_CLAUSES,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseFilter,
  type FilterCandidate,
} from './index';

function connection(userId: string | null, connectionId: string, groups: string[] = []): FilterCandidate {
  return { userId, connectionId, groups: new Set(groups) };
}

const alice = connection('alice', 'c1', ['g1', 'g2']);
const bob = connection('bob', 'c2', ['g2']);
const anonymous = connection(null, 'c3');
const everyone = [alice, bob, anonymous];

/** connectionIds of the candidates the filter lets through. */
function matching(filter: string, candidates: readonly FilterCandidate[] = everyone): string[] {
  const predicate = compileFilter(filter);
  return candidates.filter(predicate).map((c) => c.connectionId);
}

function syntaxError(filter: string): FilterSyntaxError {
  try {
    compileFilter(filter);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be refused`);
}

describe('filter', () => {
  describe('identifiers', () => {
    it('compares userId with eq', () => {
      expect(matching("userId eq 'alice'")).toEqual(['c1']);
    });

    it('compares connectionId with eq and ne', () => {
      expect(matching("connectionId eq 'c2'")).toEqual(['c2']);
      expect(matching("connectionId ne 'c2'")).toEqual(['c1', 'c3']);
    });

    it('matches connections in a group with in', () => {
      expect(matching("'g1' in groups")).toEqual(['c1']);
      expect(matching("'g2' in groups")).toEqual(['c1', 'c2']);
    });

    it("accepts the spelling 'g' in (groups)", () => {
      expect(matching("'g2' in (groups)")).toEqual(['c1', 'c2']);
    });

    it('reads groups given as an array as well as a Set', () => {
      const asArrays = everyone.map((c) => ({ ...c, groups: [...c.groups] }));
      expect(matching("'g2' in groups and length(groups) eq 1", asArrays)).toEqual(['c2']);
    });

    it('tests whether a value is a group name whatever the value', () => {
      const named = connection('g1', 'c9', ['g1']);
      expect(matching('userId in groups', [named, alice, anonymous])).toEqual(['c9']);
    });

    it('treats an undefined userId like null', () => {
      const loose = { connectionId: 'c0', groups: [] } as unknown as FilterCandidate;
      expect(matching('userId eq null', [loose])).toEqual(['c0']);
    });
  });

  describe('operators', () => {
    it('matches connections whose value is in a literal list with in', () => {
      expect(matching("connectionId in ('c1', 'c3', 'zz')")).toEqual(['c1', 'c3']);
      expect(matching("userId in ('bob')")).toEqual(['c2']);
    });

    it('compares numbers with gt, ge, lt and le', () => {
      expect(matching('length(groups) gt 1')).toEqual(['c1']);
      expect(matching('length(groups) ge 1')).toEqual(['c1', 'c2']);
      expect(matching('length(groups) lt 1')).toEqual(['c3']);
      expect(matching('length(groups) le 1')).toEqual(['c2', 'c3']);
      expect(matching('length(groups) eq 0')).toEqual(['c3']);
      expect(matching('length(groups) ne 0')).toEqual(['c1', 'c2']);
    });

    it('orders strings ordinally', () => {
      expect(matching("userId gt 'alice'")).toEqual(['c2']);
      expect(matching("userId ge 'alice'")).toEqual(['c1', 'c2']);
      expect(matching("userId lt 'b'")).toEqual(['c1']);
      expect(matching("userId le 'bob'")).toEqual(['c1', 'c2']);
      expect(matching("userId lt 'B'")).toEqual([]);
    });

    it('accepts signed integers', () => {
      expect(matching("indexof(userId, 'x') eq -1")).toEqual(['c1', 'c2']);
      expect(matching('length(groups) ge +2')).toEqual(['c1']);
    });

    it('combines clauses with and, or and not', () => {
      expect(matching("'g2' in groups and userId ne 'alice'")).toEqual(['c2']);
      expect(matching("userId eq 'alice' or connectionId eq 'c3'")).toEqual(['c1', 'c3']);
      expect(matching("not ('g2' in groups)")).toEqual(['c3']);
      expect(matching('not not true')).toEqual(['c1', 'c2', 'c3']);
    });

    it('accepts the boolean literals as whole filters', () => {
      expect(matching('true')).toEqual(['c1', 'c2', 'c3']);
      expect(matching('false')).toEqual([]);
    });

    it('compares boolean values with eq', () => {
      expect(matching("startswith(userId, 'a') eq true")).toEqual(['c1']);
      expect(matching("startswith(userId, 'a') eq false")).toEqual(['c2']);
    });
  });

  describe('precedence', () => {
    it('binds and tighter than or', () => {
      expect(matching("userId eq 'bob' or userId eq 'alice' and connectionId eq 'nope'")).toEqual(['c2']);
    });

    it('lets parentheses override it', () => {
      expect(matching("(userId eq 'bob' or userId eq 'alice') and connectionId eq 'c1'")).toEqual(['c1']);
    });

    it('binds not tighter than and', () => {
      expect(matching("not ('g1' in groups) and userId ne null")).toEqual(['c2']);
      expect(matching("not ('g1' in groups and userId ne null)")).toEqual(['c2', 'c3']);
    });

    it('binds not tighter than a comparison, so not before a comparison needs parentheses', () => {
      expect(syntaxError('not length(userId) gt 5').message).toBe(
        "Invalid syntax for 'not length(userId) gt 5': Type 'int', expect 'bool' at position 4",
      );
      expect(matching('not (length(userId) gt 3)')).toEqual(['c2', 'c3']);
      expect(syntaxError("not 'g1' in groups").position).toBe(4);
    });

    it('accepts deeply redundant parentheses', () => {
      expect(matching("((((userId eq 'alice'))))")).toEqual(['c1']);
    });
  });

  describe('strings', () => {
    it("reads '' inside a string as one quote", () => {
      const quoted = connection("o'brien", 'c7');
      expect(matching("userId eq 'o''brien'", [quoted, alice])).toEqual(['c7']);
    });

    it('matches the empty string only against an empty value', () => {
      expect(matching("userId eq ''", [connection('', 'c8'), anonymous])).toEqual(['c8']);
    });

    it('keeps spaces and keyword-like text inside strings', () => {
      const odd = connection(' and or not ', 'c6');
      expect(matching("userId eq ' and or not '", [odd, alice])).toEqual(['c6']);
    });

    it('compares values case-sensitively, as §5 recommends', () => {
      const capital = connection('Alice', 'c5');
      expect(matching("userId eq 'alice'", [capital, alice])).toEqual(['c1']);
      expect(matching("tolower(userId) eq 'alice'", [capital, alice])).toEqual(['c5', 'c1']);
      expect(matching("'G1' in groups")).toEqual([]);
    });
  });

  describe('null', () => {
    it('matches anonymous connections with userId eq null', () => {
      expect(matching('userId eq null')).toEqual(['c3']);
      expect(matching('userId ne null')).toEqual(['c1', 'c2']);
      expect(matching('null eq userId')).toEqual(['c3']);
    });

    it('lets ne against a value through anonymous connections, as OData does', () => {
      expect(matching("userId ne 'alice'")).toEqual(['c2', 'c3']);
    });

    it('makes an ordering comparison involving null false', () => {
      expect(matching("userId gt ''")).toEqual(['c1', 'c2']);
      expect(matching('userId lt null')).toEqual([]);
      expect(matching('length(userId) ge 0')).toEqual(['c1', 'c2']);
      expect(matching('not (length(userId) ge 0)')).toEqual(['c3']);
    });

    it('makes a function applied to null yield null', () => {
      expect(matching('tolower(userId) eq null')).toEqual(['c3']);
      expect(matching("concat(userId, '!') eq null")).toEqual(['c3']);
      expect(matching('length(null) eq null')).toEqual(['c1', 'c2', 'c3']);
    });

    it('lets an unknown boolean match neither way', () => {
      expect(matching("startswith(userId, 'a')")).toEqual(['c1']);
      expect(matching("not startswith(userId, 'a')")).toEqual(['c2']);
    });

    it('follows three-valued logic in and / or', () => {
      expect(matching("startswith(userId, 'a') or true")).toEqual(['c1', 'c2', 'c3']);
      expect(matching("not (startswith(userId, 'a') and false)")).toEqual(['c1', 'c2', 'c3']);
      expect(matching("not (startswith(userId, 'a') or false)")).toEqual(['c2']);
    });

    it('finds null in a literal list that holds null, and never in groups', () => {
      expect(matching("userId in ('bob', null)")).toEqual(['c2', 'c3']);
      expect(matching('null in groups')).toEqual([]);
    });
  });

  describe('case-insensitivity', () => {
    it('reads keywords, identifiers and function names in any case', () => {
      expect(matching("USERID EQ 'alice' AND 'g1' IN GROUPS")).toEqual(['c1']);
      expect(matching("Not('g1' In Groups) Or ConnectionID Eq 'c1'")).toEqual(['c1', 'c2', 'c3']);
      expect(matching('UserId Eq NULL')).toEqual(['c3']);
      expect(matching("TOLOWER(userid) eq 'bob' and TRUE")).toEqual(['c2']);
    });
  });

  describe('functions', () => {
    const spaced = connection('  Mixed Case  ', 'c4', ['a', 'b', 'c']);

    it.each([
      ["tolower(userId) eq '  mixed case  '", true],
      ["toupper(userId) eq '  MIXED CASE  '", true],
      ["trim(userId) eq 'Mixed Case'", true],
      ["substring(userId, 2) eq 'Mixed Case  '", true],
      ["substring(userId, 2, 5) eq 'Mixed'", true],
      ["substring(userId, -3, 4) eq '  Mi'", true],
      ["substring(userId, 100) eq ''", true],
      ["substring(userId, 2, 500) eq 'Mixed Case  '", true],
      ["concat(trim(userId), '!') eq 'Mixed Case!'", true],
      ["startswith(userId, '  Mi')", true],
      ["startswith(userId, 'Mi')", false],
      ["endswith(userId, 'Case  ')", true],
      ["contains(userId, 'd C')", true],
      ["contains(userId, 'mixed')", false],
      ["indexof(userId, 'Case') eq 8", true],
      ["indexof(userId, 'nope') eq -1", true],
      ['length(userId) eq 14', true],
      ['length(groups) eq 3', true],
      ["length(tolower(connectionId)) eq 2", true],
    ])('%s is %s', (filter, expected) => {
      expect(compileFilter(filter)(spaced)).toBe(expected);
    });

    it('refuses an unknown function or a wrong number of arguments', () => {
      expect(syntaxError("lower(userId) eq 'a'").detail).toBe("unknown function 'lower'");
      expect(syntaxError("length(userId, 'x') gt 1").detail).toBe("function 'length' takes 1 argument, not 2");
      expect(syntaxError("substring(userId) eq 'a'").detail).toBe(
        "function 'substring' takes 2 or 3 arguments, not 1",
      );
    });
  });

  describe('examples of §5', () => {
    const user1 = connection('user1', 'c-1', ['group1']);
    const user1Again = connection('user1', 'c-6');
    const user2 = connection('user2', 'c-2', ['group2']);
    const quoted = connection("user'1", '123', ['group1', 'group2']);
    const dashed = connection('user-ab-x', 'c-4');
    const nobody = connection(null, 'c-5', ['group1']);
    const all = [user1, user1Again, user2, quoted, dashed, nobody];

    it.each([
      ["userId eq 'user1' and connectionId ne '123'", ['c-1', 'c-6']],
      ["'group1' in groups or 'group2' in groups", ['c-1', 'c-2', '123', 'c-5']],
      ["userId in ('user1', 'user2') and 'group1' in groups", ['c-1']],
      ["userId eq 'user1' and (not ('group1' in groups))", ['c-6']],
      ["not('group1' in groups)", ['c-6', 'c-2', 'c-4']],
      ["userId eq 'user''1'", ['123']],
      ['length(groups) gt 1', ['123']],
      ["startswith(userId, 'user') and indexof(userId, '-ab-') ge 0", ['c-4']],
    ])('%s', (filter, expected) => {
      expect(matching(filter, all)).toEqual(expected);
    });
  });

  describe('captured requests of §7', () => {
    it.each([
      ['userId%20ne%20%27u%27', "userId ne 'u'", ['c1', 'c2', 'c3']],
      ['%27g%27%20in%20groups', "'g' in groups", ['c4']],
      ['userId%20eq%20%27a%27', "userId eq 'a'", []],
    ])('decodes %s to %j and evaluates it', (encoded, decoded, expected) => {
      const g = connection('u', 'c4', ['g']);
      expect(decodeURIComponent(encoded)).toBe(decoded);
      expect(matching(decoded, [...everyone, g])).toEqual(expected);
    });

    it("evaluates the :addToGroups body filter userId eq 'u1'", () => {
      const body = JSON.parse('{"groups":["g1","g2"],"filter":"userId eq \'u1\'"}') as { filter: string };
      expect(matching(body.filter, [connection('u1', 'x'), connection('u2', 'y')])).toEqual(['x']);
    });
  });

  describe('errors', () => {
    it('names the filter and the position in the message', () => {
      const error = syntaxError('userId eq');
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('FilterSyntaxError');
      expect(error.message).toBe("Invalid syntax for 'userId eq': expected a value at position 9");
      expect(error).toMatchObject({ filter: 'userId eq', position: 9, detail: 'expected a value' });
    });

    it.each([
      ['', 0, 'expected a value'],
      ['   ', 3, 'expected a value'],
      ["userId eq 'a' and", 17, 'expected a value'],
      ['userId eq and', 10, "expected a value but found 'and'"],
      ['(userId eq', 10, 'expected a value'],
      ["(userId eq 'a'", 14, "expected ')' but found end of filter"],
      ["userId eq 'a')", 13, "expected 'and', 'or' or end of filter but found ')'"],
      ["userId eq 'a' 'b'", 14, "expected 'and', 'or' or end of filter but found string 'b'"],
      ["userId eq 'a' eq 'b'", 14, "expected 'and', 'or' or end of filter but found 'eq'"],
      ["user eq 'a'", 0, "unknown identifier 'user'"],
      ["userId eq 'a' andd true", 14, "found 'andd'"],
      ["userId in 'a'", 10, "expected '(' or 'groups' after 'in' but found string 'a'"],
      ['userId in ()', 11, "expected a literal value but found ')'"],
      ['userId in (connectionId)', 11, "expected a literal value but found 'connectionId'"],
      ["userId in ('a' 'b')", 15, "expected ')' but found string 'b'"],
      ["tolower(userId eq 'a'", 21, "expected ')' but found end of filter"],
      ["userId eq 'abc", 10, 'unterminated string'],
      ["userId eq 'a' & true", 14, "unexpected character '&'"],
    ])('refuses %j at position %i', (filter, position, detail) => {
      const error = syntaxError(filter);
      expect(error.position).toBe(position);
      expect(error.detail).toContain(detail);
    });

    it.each([
      ['userId', 0, "Type 'string', expect 'bool'"],
      ['null', 0, "Type 'null', expect 'bool'"],
      ['length(groups)', 0, "Type 'int', expect 'bool'"],
      ["userId eq 'a' and null", 18, "Type 'null', expect 'bool'"],
      ['userId eq 1', 10, "Type 'int', expect 'string'"],
      ["groups eq 'g'", 0, "Type 'collection', expect 'bool' or 'int' or 'string'"],
      ['groups', 0, "Type 'collection', expect 'bool'"],
      ['1 in groups', 0, "Type 'int', expect 'string'"],
      ["userId in ('a', 1)", 16, "Type 'int', expect 'string'"],
      ['true gt false', 0, "Type 'bool', expect 'int' or 'string'"],
      ["length(connectionId) eq 'x'", 24, "Type 'string', expect 'int'"],
      ["tolower(groups) eq 'a'", 8, "Type 'collection', expect 'string'"],
      ['startswith(userId, 1)', 19, "Type 'int', expect 'string'"],
      ["not userId eq 'a'", 4, "Type 'string', expect 'bool'"],
    ])('refuses the badly typed %j at position %i', (filter, position, detail) => {
      const error = syntaxError(filter);
      expect(error.position).toBe(position);
      expect(error.detail).toBe(detail);
    });

    it('refuses a bad filter when compiling, before any connection is evaluated', () => {
      expect(() => compileFilter("userId eq 'a' or")).toThrow(FilterSyntaxError);
      expect(() => parseFilter("userId eq 'a' or")).toThrow(FilterSyntaxError);
    });
  });

  describe('limits', () => {
    it(`accepts ${MAX_FILTER_LENGTH} characters and refuses more`, () => {
      const longest = `userId eq '${'x'.repeat(MAX_FILTER_LENGTH - 12)}'`;
      expect(longest).toHaveLength(MAX_FILTER_LENGTH);
      expect(matching(longest)).toEqual([]);
      const error = syntaxError(`${longest} `);
      expect(error.position).toBe(MAX_FILTER_LENGTH);
      expect(error.detail).toBe(`filter is longer than ${MAX_FILTER_LENGTH} characters`);
      expect(error.message.length).toBeLessThan(400);
    });

    it(`accepts ${MAX_FILTER_DEPTH} levels of nesting and refuses more`, () => {
      const nested = (levels: number) => `${'('.repeat(levels)}true${')'.repeat(levels)}`;
      expect(matching(nested(MAX_FILTER_DEPTH))).toHaveLength(3);
      expect(syntaxError(nested(MAX_FILTER_DEPTH + 1))).toMatchObject({
        position: MAX_FILTER_DEPTH,
        detail: `filter is nested deeper than ${MAX_FILTER_DEPTH} levels`,
      });
      expect(syntaxError(`${'not '.repeat(MAX_FILTER_DEPTH + 1)}true`).position).toBe(4 * MAX_FILTER_DEPTH);
      const calls = `${'tolower('.repeat(MAX_FILTER_DEPTH + 1)}userId${')'.repeat(MAX_FILTER_DEPTH + 1)} eq 'a'`;
      expect(syntaxError(calls).detail).toContain('nested deeper');
    });

    it(`accepts ${MAX_FILTER_CLAUSES} clauses and refuses more`, () => {
      const clauses = (count: number) => Array.from({ length: count }, (_, i) => `userId eq 'u${i}'`).join(' or ');
      expect(matching(clauses(MAX_FILTER_CLAUSES), [connection('u99', 'x')])).toEqual(['x']);
      const tooMany = clauses(MAX_FILTER_CLAUSES + 1);
      expect(syntaxError(tooMany)).toMatchObject({
        position: tooMany.lastIndexOf(' or ') + 1,
        detail: `filter has more than ${MAX_FILTER_CLAUSES} clauses`,
      });
    });
  });

  describe('compiled predicate', () => {
    it('is reused across connections and requests without re-parsing', () => {
      const predicate = compileFilter("'g2' in groups and userId ne 'alice'");
      const answers = [alice, bob, anonymous, bob].map((candidate) => predicate(candidate));
      expect(answers).toEqual([false, true, false, true]);
    });
  });
});
