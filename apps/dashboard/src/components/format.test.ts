import { describe, expect, it } from 'vitest';
import { pluralize } from './format';

describe('pluralize', () => {
  it('uses the singular for exactly one', () => {
    expect(pluralize(1, 'hub')).toBe('1 hub');
    expect(pluralize(1, 'retained message')).toBe('1 retained message');
  });

  it('uses the plural for zero, many and fractions', () => {
    expect(pluralize(0, 'hub')).toBe('0 hubs');
    expect(pluralize(2, 'group')).toBe('2 groups');
    expect(pluralize(1.5, 'msg')).toBe('1.5 msgs');
    expect(pluralize(1000, 'connection')).toBe('1000 connections');
  });

  it('takes an irregular plural when given one', () => {
    expect(pluralize(1, 'entry', 'entries')).toBe('1 entry');
    expect(pluralize(3, 'entry', 'entries')).toBe('3 entries');
  });
});
