import { jsonMemberText } from './json-member-text';
import { toJsonText } from './json-text';

describe('JSON member text', () => {
  it.each([
    ['{"data":{"a":1}}', '{"a":1}'],
    ['{"type":"x","data":[1,[2,{"b":"]}"}]],"z":0}', '[1,[2,{"b":"]}"}]]'],
    ['{ "data" : "he said \\"}\\"" , "x": 1 }', '"he said \\"}\\""'],
    ['{"data":12345678901234567890}', '12345678901234567890'],
    ['{"data":1.50e3}', '1.50e3'],
    ['{"data":-0}', '-0'],
    ['{"data":null}', 'null'],
    ['{"data":true,"x":false}', 'true'],
    ['{\n  "data": {\n    "a": 1\n  }\n}', '{\n    "a": 1\n  }'],
  ])('finds data in %s', (json, expected) => {
    expect(jsonMemberText(json, 'data')).toBe(expected);
  });

  it('does not confuse a nested member or a string value with the top-level key', () => {
    expect(jsonMemberText('{"x":{"data":1},"y":"data","data":2}', 'data')).toBe('2');
    expect(jsonMemberText('{"x":{"data":1}}', 'data')).toBeUndefined();
  });

  it('decodes escaped keys', () => {
    expect(jsonMemberText('{"d\\u0061ta":"v"}', 'data')).toBe('"v"');
  });

  it('takes the last duplicate, as JSON.parse does', () => {
    expect(jsonMemberText('{"data":1,"data":2}', 'data')).toBe('2');
  });

  it('returns text that parses to what JSON.parse saw', () => {
    const json = '{"type":"sendToGroup","data":{"list":[1,"two",{"three":[null,false]}],"s":"\\u00e9\\n"},"ackId":1}';
    expect(JSON.parse(jsonMemberText(json, 'data')!)).toEqual(JSON.parse(json).data);
  });

  it('finds data in generated objects, pretty-printed or not', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const value = (depth: number): unknown => {
      switch (random(depth > 2 ? 4 : 6)) {
        case 0:
          return random(1000) - 500;
        case 1:
          return ['', 'a"b', '}]', '\\', 'data', '\u00e9'][random(6)];
        case 2:
          return [null, true, false][random(3)];
        case 3:
          return random(100) / 7;
        case 4:
          return Array.from({ length: random(4) }, () => value(depth + 1));
        default:
          return Object.fromEntries(Array.from({ length: random(4) }, (_, i) => [`k${i}`, value(depth + 1)]));
      }
    };
    for (let round = 0; round < 300; round++) {
      const frame = { type: 'sendToGroup', data: value(0), after: value(1) };
      const json = JSON.stringify(frame, null, round % 2 === 0 ? 0 : 2);
      expect(JSON.parse(jsonMemberText(json, 'data')!)).toEqual(frame.data);
    }
  });

  it('reports an empty object as having no such member', () => {
    expect(jsonMemberText('{}', 'data')).toBeUndefined();
    expect(jsonMemberText(' { } ', 'data')).toBeUndefined();
  });
});

describe('JSON text', () => {
  it('accepts exactly one JSON value', () => {
    expect(toJsonText('{"a":1}')).toBe('{"a":1}');
    expect(toJsonText(' "hello" ')).toBe(' "hello" ');
    expect(toJsonText('42')).toBe('42');
  });

  it.each(['', '   ', '{', '{"a":1}{', 'hello', "{'a':1}"])('refuses %j', (text) => {
    expect(toJsonText(text)).toBeUndefined();
  });
});
