import { ReplayBuffer } from './replay-buffer';

const frame = (text: string) => Buffer.from(text);

describe('reliable replay buffer', () => {
  it('numbers messages from 1 and keeps them until acknowledged', () => {
    const buffer = new ReplayBuffer(10, 1000);
    for (const text of ['a', 'b', 'c']) expect(buffer.push(buffer.nextSequenceId(), frame(text))).toBe(true);
    buffer.ack(2);
    expect([...buffer.unacknowledged()].map(String)).toEqual(['c']);
    expect(buffer.byteSize).toBe(1);
  });

  it('treats acknowledgements as cumulative and idempotent', () => {
    const buffer = new ReplayBuffer(10, 1000);
    for (let i = 0; i < 5; i++) buffer.push(buffer.nextSequenceId(), frame(String(i)));
    buffer.ack(4);
    buffer.ack(1);
    expect(buffer.size).toBe(1);
    buffer.ack(99);
    expect(buffer.size).toBe(0);
    expect(buffer.nextSequenceId()).toBe(6);
  });

  it('refuses past its message bound', () => {
    const buffer = new ReplayBuffer(2, 1000);
    expect(buffer.push(buffer.nextSequenceId(), frame('a'))).toBe(true);
    expect(buffer.push(buffer.nextSequenceId(), frame('b'))).toBe(true);
    expect(buffer.push(buffer.nextSequenceId(), frame('c'))).toBe(false);
  });

  it('refuses past its byte bound', () => {
    const buffer = new ReplayBuffer(100, 5);
    expect(buffer.push(buffer.nextSequenceId(), frame('abc'))).toBe(true);
    expect(buffer.push(buffer.nextSequenceId(), frame('abc'))).toBe(false);
  });

  it('keeps its order when the ring wraps around and when it grows while wrapped', () => {
    const buffer = new ReplayBuffer(1000, 1e9);
    const push = (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = buffer.nextSequenceId();
        buffer.push(id, frame(String(id)), id % 3 === 0 ? 5000 : 0);
      }
    };
    push(10);
    buffer.ack(8);
    push(12); // past the end of the first 16 slots
    push(5); // 19 kept: grows with the oldest in the middle of the ring
    const ids = (frames: Iterable<Buffer>) => [...frames].map(Number);
    expect(ids(buffer.unacknowledged())).toEqual(Array.from({ length: 19 }, (_, i) => 9 + i));
    const { frames, expired } = buffer.takeForResend(10_000);
    expect(expired).toBe(7); // 9, 12 ... 27
    expect(ids(frames)).toEqual([10, 11, 13, 14, 16, 17, 19, 20, 22, 23, 25, 26]);
    buffer.ack(20);
    push(1);
    expect(ids(buffer.unacknowledged())).toEqual([22, 23, 25, 26, 28]);
    expect(buffer.byteSize).toBe(2 * 5);
  });

  it('stays correct across compaction', () => {
    const buffer = new ReplayBuffer(100_000, 1e9);
    for (let i = 1; i <= 5000; i++) buffer.push(buffer.nextSequenceId(), frame(String(i)));
    buffer.ack(4990);
    expect([...buffer.unacknowledged()].map(String)).toEqual(['4991', '4992', '4993', '4994', '4995', '4996', '4997', '4998', '4999', '5000']);
  });
});

describe('replay buffer snapshot', () => {
  it('restores the unacknowledged frames and the next sequence id on another buffer', () => {
    const source = new ReplayBuffer(10, 1024);
    for (const text of ['a', 'b', 'c']) source.push(source.nextSequenceId(), Buffer.from(text));
    source.ack(1);
    const copy = new ReplayBuffer(10, 1024);
    copy.restore(JSON.parse(JSON.stringify(source.snapshot())));
    expect([...copy.unacknowledged()].map(String)).toEqual(['b', 'c']);
    expect(copy.nextSequenceId()).toBe(4);
    expect(copy.byteSize).toBe(2);
  });
});

describe('replay buffer expiry (messageTtlSeconds)', () => {
  it('drops only unsent frames whose time is up when the client returns', () => {
    const buffer = new ReplayBuffer(10, 1024);
    buffer.push(buffer.nextSequenceId(), Buffer.from('sent'), 0);
    buffer.push(buffer.nextSequenceId(), Buffer.from('stale'), 1000);
    buffer.push(buffer.nextSequenceId(), Buffer.from('fresh'), 5000);
    buffer.push(buffer.nextSequenceId(), Buffer.from('forever'), 0);
    const { frames, expired } = buffer.takeForResend(2000);
    expect(frames.map(String)).toEqual(['sent', 'fresh', 'forever']);
    expect(expired).toBe(1);
    // Once sent, a frame stays until acknowledged, whatever its TTL.
    expect(buffer.takeForResend(10_000).frames.map(String)).toEqual(['sent', 'fresh', 'forever']);
    buffer.ack(3);
    expect([...buffer.unacknowledged()].map(String)).toEqual(['forever']);
    expect(buffer.nextSequenceId()).toBe(5);
  });
});

describe('replay buffer keeping messages instead of frames', () => {
  const rebuild = (message: { text: string }, sequenceId: number) => Buffer.from(`${message.text}#${sequenceId}`);

  it('builds each kept frame again from its message and sequence id, counting the bytes it was given', () => {
    const buffer = new ReplayBuffer<{ text: string }>(10, 1024, rebuild);
    const shared = { text: 'hello' };
    for (let i = 0; i < 3; i++) {
      const id = buffer.nextSequenceId();
      expect(buffer.push(id, rebuild(shared, id), 0, shared)).toBe(true);
    }
    expect(buffer.byteSize).toBe(3 * 'hello#1'.length);
    buffer.ack(1);
    expect([...buffer.unacknowledged()].map(String)).toEqual(['hello#2', 'hello#3']);
    expect(buffer.takeForResend(0).frames.map(String)).toEqual(['hello#2', 'hello#3']);
    const copy = new ReplayBuffer(10, 1024);
    copy.restore(JSON.parse(JSON.stringify(buffer.snapshot())));
    expect([...copy.unacknowledged()].map(String)).toEqual(['hello#2', 'hello#3']);
    expect(copy.byteSize).toBe(buffer.byteSize);
  });

  it('keeps the frame itself when it was given no way to rebuild it', () => {
    const buffer = new ReplayBuffer<{ text: string }>(10, 1024);
    buffer.push(buffer.nextSequenceId(), Buffer.from('as sent'), 0, { text: 'other' });
    expect([...buffer.unacknowledged()].map(String)).toEqual(['as sent']);
  });
});
