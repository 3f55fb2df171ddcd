import {
  applyConnectionState,
  decodeConnectionStates,
  encodeConnectionStates,
  readConnectionState,
} from './connection-state';

describe('connection state', () => {
  it('leaves the state unchanged when the response has no ce-connectionState', () => {
    expect(readConnectionState(undefined)).toEqual({ ok: true, update: { kind: 'unchanged' } });
    expect(readConnectionState(null)).toEqual({ ok: true, update: { kind: 'unchanged' } });
    expect(readConnectionState([])).toEqual({ ok: true, update: { kind: 'unchanged' } });
  });

  it('replaces the state with the value, kept opaque', () => {
    expect(readConnectionState('eyJrZXkiOiJhIn0=')).toEqual({ ok: true, update: { kind: 'set', value: 'eyJrZXkiOiJhIn0=' } });
    expect(readConnectionState(['not base64 at all'])).toEqual({ ok: true, update: { kind: 'set', value: 'not base64 at all' } });
  });

  it('drops the optional whitespace around a header value', () => {
    expect(readConnectionState('  abc \t')).toEqual({ ok: true, update: { kind: 'set', value: 'abc' } });
  });

  it('allows only one ce-connectionState header', () => {
    expect(readConnectionState(['a', 'b'])).toEqual({ ok: false, problem: expect.stringContaining('only one') });
  });

  it('refuses a value that could not be sent back in a header', () => {
    expect(readConnectionState('a\nb').ok).toBe(false);
    expect(readConnectionState('日本').ok).toBe(false);
  });

  it('applies a size limit only when the caller sets one', () => {
    const long = 'x'.repeat(10_000);
    expect(readConnectionState(long).ok).toBe(true);
    expect(readConnectionState(long, { maxLength: 4096 })).toEqual({ ok: false, problem: expect.stringContaining('4096') });
  });

  it('sends the stored state on later requests until a response replaces it', () => {
    expect(applyConnectionState('old', { kind: 'unchanged' })).toBe('old');
    expect(applyConnectionState('old', { kind: 'set', value: 'new' })).toBe('new');
    expect(applyConnectionState(null, { kind: 'unchanged' })).toBeNull();
    expect(applyConnectionState('old', { kind: 'set', value: '' })).toBeNull();
  });

  describe('SDK format: base64 of a JSON object', () => {
    it('encodes like the express SDK’s toBase64JsonString', () => {
      const states = { key1: ['val3'], key2: 'val2', key3: '', name: 'Zoë' };
      expect(encodeConnectionStates(states)).toBe(Buffer.from(JSON.stringify(states)).toString('base64'));
    });

    it('round-trips an object', () => {
      const states = { counter: 3, nested: { a: [1, 2] }, text: '日本' };
      expect(decodeConnectionStates(encodeConnectionStates(states))).toEqual(states);
    });

    it('decodes nothing from values that are not base64 JSON of an object', () => {
      expect(decodeConnectionStates('')).toBeUndefined();
      expect(decodeConnectionStates('***')).toBeUndefined();
      expect(decodeConnectionStates(Buffer.from('[1]').toString('base64'))).toBeUndefined();
      expect(decodeConnectionStates(Buffer.from('{nope').toString('base64'))).toBeUndefined();
    });
  });
});
