import { groupNameProblem, isValidGroupName } from './group-name';

describe('group names', () => {
  it.each(['g', 'a.b.c', 'a/b', 'chat-*', ' padded ', 'x'.repeat(1024)])('accepts %j', (name) => {
    expect(groupNameProblem(name)).toBeNull();
    expect(isValidGroupName(name)).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'only whitespace'],
    ['\t\n', 'only whitespace'],
    ['x'.repeat(1025), 'at most 1024'],
    [42, 'must be a string'],
    [null, 'must be a string'],
  ])('refuses %j', (name, why) => {
    expect(groupNameProblem(name)).toContain(why);
    expect(isValidGroupName(name)).toBe(false);
  });
});
