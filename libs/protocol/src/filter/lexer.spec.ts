import { FilterSyntaxError } from './errors';
import { tokenize } from './lexer';

describe('filter lexer', () => {
  it('gives every token its 0-based position', () => {
    expect(tokenize("userId eq 'u1'").map(({ kind, position, raw }) => [kind, position, raw])).toEqual([
      ['word', 0, 'userId'],
      ['word', 7, 'eq'],
      ['string', 10, "'u1'"],
      ['end', 14, ''],
    ]);
  });

  it('lower-cases words, since keywords and identifiers are case-insensitive', () => {
    expect(tokenize('UserID EQ')).toMatchObject([{ lower: 'userid', raw: 'UserID' }, { lower: 'eq' }, { kind: 'end' }]);
  });

  it("unescapes a doubled quote inside a string (user''1 is user'1)", () => {
    const [token] = tokenize("'user''1'");
    expect(token).toMatchObject({ kind: 'string', value: "user'1", raw: "'user''1'" });
  });

  it('reads the empty string and a string of only an escaped quote', () => {
    expect(tokenize("'' ''''").slice(0, 2)).toMatchObject([{ value: '' }, { value: "'" }]);
  });

  it('reads signed integers', () => {
    expect(tokenize('-1 +2 30').slice(0, 3)).toMatchObject([{ value: -1 }, { value: 2 }, { value: 30 }]);
  });

  it('splits punctuation without needing spaces', () => {
    expect(tokenize("not('g' in groups)").map((t) => t.kind)).toEqual([
      'word', '(', 'string', 'word', 'word', ')', 'end',
    ]);
  });

  it('accepts tabs and newlines as whitespace', () => {
    expect(tokenize("userId\teq\r\n'a'")).toHaveLength(4);
  });

  it.each([
    ["userId eq 'abc", 10, 'unterminated string'],
    ["userId eq 'a''", 10, 'unterminated string'],
    ['userId eq "a"', 10, "unexpected character '\"'"],
    ['userId eq 1.5', 11, "unexpected character '.'"],
    ['groups/any(g: g eq 1)', 6, "unexpected character '/'"],
    ['length(groups) gt 99999999999999999999', 18, 'out of range'],
  ])('refuses %j at position %i', (text, position, detail) => {
    try {
      tokenize(text);
      throw new Error('expected a FilterSyntaxError');
    } catch (error) {
      expect(error).toBeInstanceOf(FilterSyntaxError);
      expect((error as FilterSyntaxError).position).toBe(position);
      expect((error as FilterSyntaxError).detail).toContain(detail);
    }
  });
});
