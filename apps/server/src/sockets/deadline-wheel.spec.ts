import { DeadlineWheel } from './deadline-wheel';

describe('deadline wheel', () => {
  let now: number;
  let due: Array<[string, number]>;
  let wheel: DeadlineWheel<string>;

  beforeEach(() => {
    now = 1_000_000;
    due = [];
    wheel = new DeadlineWheel<string>((item, at) => due.push([item, at]), 250, () => now);
  });
  afterEach(() => wheel.runDue(Number.MAX_SAFE_INTEGER / 2)); // empties it, which stops its timer

  it('hands an item out once its deadline has passed, never before, at most one slot after', () => {
    wheel.add('a', now + 1000);
    wheel.runDue(now + 999);
    expect(due).toEqual([]);
    wheel.runDue(now + 1000);
    expect(due).toEqual([['a', now + 1000]]);
    wheel.add('b', now + 1001);
    wheel.runDue(now + 1249);
    expect(due.map(([item]) => item)).toEqual(['a']);
    wheel.runDue(now + 1250);
    expect(due.map(([item]) => item)).toEqual(['a', 'b']);
    expect(wheel.size).toBe(0);
  });

  it('forgets a deleted item, and keeps the others of its slot', () => {
    const slot = wheel.add('gone', now + 500);
    wheel.add('kept', now + 500);
    wheel.delete('gone', slot);
    wheel.runDue(now + 600);
    expect(due.map(([item]) => item)).toEqual(['kept']);
  });

  it('hands out a deadline already past at the next slot, and what onDue adds again later', () => {
    const again = new DeadlineWheel<string>((item, at) => {
      due.push([item, at]);
      if (due.length === 1) again.add(item, at + 1000);
    }, 250, () => now);
    again.add('late', now - 5000);
    again.runDue(now);
    expect(due).toEqual([]);
    again.runDue(now + 250);
    expect(due).toEqual([['late', now + 250]]);
    again.runDue(now + 1249);
    expect(due).toHaveLength(1);
    again.runDue(now + 1250);
    expect(due).toEqual([['late', now + 250], ['late', now + 1250]]);
    expect(again.size).toBe(0);
  });

  it('catches up on every slot it missed in one run, in deadline order', () => {
    for (const [item, at] of [['third', 3000], ['first', 1000], ['second', 2000]] as const) wheel.add(item, now + at);
    wheel.runDue(now + 10_000);
    expect(due.map(([item]) => item)).toEqual(['first', 'second', 'third']);
  });
});
