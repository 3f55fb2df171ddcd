import { hubKey, hubNameProblem, isValidHubName } from './hub-name';

describe('hub names', () => {
  it.each(['chat', 'Chat_1', 'a', 'hub.v2', 'h[1]', 'x`y,z', 'a'.repeat(128)])('accepts %s', (name) => {
    expect(isValidHubName(name)).toBe(true);
    expect(hubNameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'hub name is required'],
    ['1chat', 'hub name must start with a letter'],
    ['_chat', 'hub name must start with a letter'],
    ['chat room', 'hub name may contain only'],
    ['chat-room', 'hub name may contain only'],
    ['chat/x', 'hub name may contain only'],
    ['a'.repeat(129), 'at most 128'],
  ])('refuses %j', (name, why) => {
    expect(isValidHubName(name)).toBe(false);
    expect(hubNameProblem(name)).toContain(why);
  });

  it('refuses what is not a string', () => {
    expect(isValidHubName(undefined)).toBe(false);
    expect(hubNameProblem(42)).toBe('hub name is required');
  });

  it('keys hubs case-insensitively', () => {
    expect(hubKey('Chat')).toBe(hubKey('chat'));
  });
});
