import { broadcastProblems, type BroadcastBody } from './broadcast';

const base: BroadcastBody = { hub: 'chat', target: 'hub', dataType: 'text', data: 'hi' };

describe('broadcastProblems', () => {
  it('accepts a text message to a hub', () => {
    expect(broadcastProblems(base)).toEqual({});
  });

  it('names the field at fault', () => {
    expect(broadcastProblems({ ...base, hub: '1x' }).hub).toContain('start with a letter');
    expect(broadcastProblems({ ...base, target: 'group', to: ' ' }).to).toContain('whitespace');
    expect(broadcastProblems({ ...base, target: 'connection' }).to).toBe('a connection id is required');
    expect(broadcastProblems({ ...base, dataType: 'json', data: '{' }).data).toBe('the message is not valid JSON');
    expect(broadcastProblems({ ...base, dataType: 'binary', data: '***' }).data).toBe('the message is not valid base64');
    expect(broadcastProblems({ ...base, target: 'user', to: 'u', excluded: ['c'] }).excluded).toContain('only to a hub or a group');
    expect(broadcastProblems({ ...base, filter: "userId eq" }).filter).toContain("Invalid syntax for 'userId eq'");
    expect(broadcastProblems({ ...base, target: 'connection', to: 'c', filter: "userId eq 'a'" }).filter).toContain('single connection');
  });

  it('accepts what REST accepts: binary base64, JSON text, a filter on a group', () => {
    expect(broadcastProblems({ ...base, dataType: 'binary', data: 'AQID' })).toEqual({});
    expect(broadcastProblems({ ...base, dataType: 'json', data: ' [1, 2] ' })).toEqual({});
    expect(broadcastProblems({ ...base, target: 'group', to: 'g', filter: "'vip' in groups", excluded: ['a'] })).toEqual({});
  });
});
