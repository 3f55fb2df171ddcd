import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { OutboundQueue } from './outbound-queue';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('outbound queue on a real TCP socket', () => {
  let server: Server;
  let writer: Socket;
  let reader: Socket;

  beforeEach(async () => {
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection');
    writer = connect((server.address() as { port: number }).port, '127.0.0.1');
    [reader] = (await accepted) as [Socket];
    await once(writer, 'connect');
  });

  afterEach(async () => {
    writer.destroy();
    reader.destroy();
    server.close();
    await once(server, 'close');
  });

  function receive(expected: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let received = 0;
    return new Promise((resolve) => {
      reader.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= expected) resolve(Buffer.concat(chunks));
      });
    });
  }

  it('writes a turn of frames as one stream, in order', async () => {
    const queue = new OutboundQueue(writer, 1 << 20);
    const frames = Array.from({ length: 50 }, (_, i) => Buffer.from(`frame ${i};`));
    const total = frames.reduce((sum, frame) => sum + frame.length, 0);
    const arrived = receive(total);
    for (const frame of frames) expect(queue.write(frame)).toBe(true);
    expect((await arrived).toString()).toBe(frames.join(''));
  });

  it('delivers everything to a reader that stalled and read again, frames queued between its drain and its turn included', async () => {
    reader.pause();
    const queue = new OutboundQueue(writer, 256 << 20);
    const frame = (n: number) => Buffer.alloc(64 * 1024, n % 256);
    let sent = 0;
    // More than loopback's socket buffers take while nobody reads: the socket stays full.
    for (; sent < 400; sent++) queue.write(frame(sent));
    await nextTurn();
    expect(writer.writableNeedDrain).toBe(true);
    // Now frames wait in the queue for the drain.
    for (let i = 0; i < 10; i++, sent++) queue.write(frame(sent));
    // A fan-out that runs after the drain and before the queue's turn to write.
    writer.once('drain', () => queue.write(frame(sent++)));
    const expected = (sent + 1) * 64 * 1024;
    const arrived = receive(expected);
    reader.resume();
    const bytes = await arrived;
    expect(bytes.length).toBe(expected);
    for (let n = 0; n < sent; n++) expect(bytes[n * 64 * 1024]).toBe(n % 256);
  }, 10_000);

  it('refuses a frame past its budget and queues nothing of it', async () => {
    reader.pause();
    const queue = new OutboundQueue(writer, 8 << 20);
    let accepted = 0;
    while (queue.write(Buffer.alloc(64 * 1024)) && accepted < 10_000) {
      accepted++;
      if (accepted % 16 === 0) await nextTurn();
    }
    expect(accepted).toBeLessThan(10_000);
    expect(writer.writableLength).toBeLessThanOrEqual(8 << 20);
  });
});
