import { compileGroupPattern, type GroupPattern } from './group-pattern';

function compile(source: string): GroupPattern {
  const result = compileGroupPattern(source);
  if (!result.ok) throw new Error(result.reason);
  return result.pattern;
}

describe('group patterns', () => {
  // The examples table of Azure's wildcard-group-roles article.
  it.each([
    ['chat-*', ['chat-1', 'chat-room', 'chat-'], ['chat.1', 'xchat-1', 'chat-1.x']],
    ['clientA.*', ['clientA.alpha', 'clientA.1', 'clientA.'], ['clientA.alpha.room1', 'clientB.alpha', 'clientA']],
    ['clientA.**', ['clientA.alpha', 'clientA.alpha.room1', 'clientA.'], ['clientB.anything', 'clientA', 'clientAx.y']],
    ['clientA.rooms.?1', ['clientA.rooms.a1', 'clientA.rooms.11'], ['clientA.rooms.1', 'clientA.rooms.a.1', 'clientA.rooms..1']],
    ['literal\\*star', ['literal*star'], ['literalXstar', 'literal\\*star']],
  ])('%s', (source, matching, notMatching) => {
    const pattern = compile(source);
    for (const group of matching) expect([group, pattern.matches(group)]).toEqual([group, true]);
    for (const group of notMatching) expect([group, pattern.matches(group)]).toEqual([group, false]);
  });

  describe('?', () => {
    it('matches exactly one character except a dot', () => {
      const pattern = compile('a?c');
      expect(pattern.matches('abc')).toBe(true);
      expect(pattern.matches('ac')).toBe(false);
      expect(pattern.matches('abbc')).toBe(false);
      expect(pattern.matches('a.c')).toBe(false);
    });
  });

  describe('*', () => {
    it('matches zero or more characters within one segment', () => {
      const pattern = compile('a*c');
      expect(pattern.matches('ac')).toBe(true);
      expect(pattern.matches('abbbc')).toBe(true);
      expect(pattern.matches('ab.bc')).toBe(false);
    });

    it('can stand alone for any single-segment group', () => {
      const pattern = compile('*');
      expect(pattern.matches('room')).toBe(true);
      expect(pattern.matches('')).toBe(true);
      expect(pattern.matches('a.b')).toBe(false);
    });
  });

  describe('**', () => {
    it('matches across segments', () => {
      const pattern = compile('a**z');
      expect(pattern.matches('az')).toBe(true);
      expect(pattern.matches('a.b.c.z')).toBe(true);
      expect(pattern.matches('a.b.c.y')).toBe(false);
    });

    it('mixes with * and ? without committing to the first occurrence', () => {
      // `**` must take "a." so that the single-segment `*` after "a" has no dot left to cross.
      expect(compile('**a*b').matches('a.ab')).toBe(true);
      expect(compile('**.?*').matches('x.y.zz')).toBe(true);
      expect(compile('*.**.?').matches('x.y.z')).toBe(true);
      expect(compile('*.**.?').matches('x.y.zz')).toBe(false);
    });

    it('absorbs a neighbouring * (***)', () => {
      const pattern = compile('a***');
      expect(pattern.matches('a.b.c')).toBe(true);
    });
  });

  describe('escapes', () => {
    it.each([
      ['a\\?b', 'a?b', 'axb'],
      ['a\\\\b', 'a\\b', 'a\\\\b'],
      ['\\*\\*', '**', 'xx'],
    ])('%s matches only the literal', (source, literal, other) => {
      const pattern = compile(source);
      expect(pattern.matches(literal)).toBe(true);
      expect(pattern.matches(other)).toBe(false);
    });

    it.each(['a\\b', 'a\\.', 'trailing\\'])('refuses the undefined escape in %j', (source) => {
      const result = compileGroupPattern(source);
      expect(result.ok).toBe(false);
    });
  });

  it('treats every other character literally, regex metacharacters included', () => {
    const pattern = compile('a+b(c)[d]{2}^$|.*');
    expect(pattern.matches('a+b(c)[d]{2}^$|.x')).toBe(true);
    expect(pattern.matches('aab(c)[d]{2}^$|.x')).toBe(false);
  });

  it('matches a wildcard-free pattern only exactly', () => {
    const pattern = compile('room.1');
    expect(pattern.matches('room.1')).toBe(true);
    expect(pattern.matches('roomx1')).toBe(false);
  });

  describe('star limit', () => {
    it('accepts five * characters, counting those of **', () => {
      expect(compileGroupPattern('**.*.**').ok).toBe(true);
      expect(compileGroupPattern('*a*b*c*d*').ok).toBe(true);
    });

    it('refuses a sixth *', () => {
      const result = compileGroupPattern('**.**.**');
      expect(result).toEqual({ ok: false, reason: expect.stringContaining('6') });
      expect(compileGroupPattern('*a*b*c*d*e*').ok).toBe(false);
    });

    it('does not count escaped stars', () => {
      expect(compileGroupPattern('\\*\\*\\*\\*\\*\\*a*').ok).toBe(true);
    });
  });

  it('stays linear on inputs that make backtracking regexes explode', () => {
    const group = 'a'.repeat(1024);
    const started = Date.now();
    expect(compile('*a*a*a*b').matches(group)).toBe(false);
    expect(compile('**a**a*b').matches(group)).toBe(false);
    expect(compile('?*?*?*?*?*b').matches(group)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('can be reused for many groups', () => {
    const pattern = compile('t.*.x');
    expect(pattern.matches('t.a.x')).toBe(true);
    expect(pattern.matches('t.a.y')).toBe(false);
    expect(pattern.matches('t.b.x')).toBe(true);
  });

  it('agrees with a naive regex translation on small random cases', () => {
    // The naive translation is correct, only slow on long inputs; short ones are a fair oracle.
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const pick = (alphabet: string, length: number): string =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    let matched = 0;
    for (let round = 0; round < 2000; round++) {
      const source = pick('ab.*?', 1 + random(6));
      const result = compileGroupPattern(source);
      if (!result.ok) continue;
      const oracle = new RegExp(
        '^' + source.replace(/\*\*|\*|\?|\./g, (t) => ({ '**': '[\\s\\S]*', '*': '[^.]*', '?': '[^.]', '.': '\\.' })[t]!) + '$',
      );
      const group = pick('ab.', random(7));
      matched += oracle.test(group) ? 1 : 0;
      expect([source, group, result.pattern.matches(group)]).toEqual([source, group, oracle.test(group)]);
    }
    expect(matched).toBeGreaterThan(100); // the sample exercises matches, not only refusals
  });
});
