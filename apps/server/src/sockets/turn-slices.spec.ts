import { TurnSlices } from './turn-slices';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('work spread over event-loop turns', () => {
  it('runs nothing inside the turn that added it, then everything in order', async () => {
    const ran: number[] = [];
    const slices = new TurnSlices<number>((n) => ran.push(n));
    for (const n of [1, 2, 3]) slices.add(n);
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3]);
  });

  it('stops a turn once its time slice is spent and goes on in the next turns', async () => {
    let clock = 0;
    const ran: number[] = [];
    // Each item takes 4 ms on this clock; a slice is 10 ms, so a turn runs 3 of them.
    const slices = new TurnSlices<number>((n) => ((clock += 4), ran.push(n)), 10, () => clock);
    for (let n = 1; n <= 7; n++) slices.add(n);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3]);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3, 4, 5, 6]);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes items added while it runs into the same list, after those already waiting', async () => {
    const ran: string[] = [];
    const slices: TurnSlices<string> = new TurnSlices<string>((item) => {
      ran.push(item);
      if (item === 'a') slices.add('c');
    });
    slices.add('a');
    slices.add('b');
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c']);
    slices.add('d');
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });
});
