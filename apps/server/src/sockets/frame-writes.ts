import { WebSocket } from 'ws';
import type { TrafficCounters } from '../connections/client-connection';
import { OutboundQueue } from './outbound-queue';
import { TurnSlices } from './turn-slices';

export type WriteResult = 'written' | 'not-open' | 'slow-consumer';

/** A broadcast that finds thousands of stalled clients at once must not close them all in one turn. */
const cuts = new TurnSlices<() => void>((close) => close());

/**
 * Writes a pre-built frame (websocket-frame.ts) to the TCP socket under `socket`, through the
 * connection's OutboundQueue when the socket is not draining. Past `budget` bytes owed the caller
 * cuts the connection rather than let it grow; what it never read is dropped at once.
 *
 * `traffic`: the counters a message counts in; null for control frames (acks, pongs).
 */
export function writeFrame(socket: WebSocket | null, queue: OutboundQueue | null, frame: Buffer, traffic: TrafficCounters | null): WriteResult {
  if (!socket || !queue || queue.cut || socket.readyState !== WebSocket.OPEN) return 'not-open';
  if (!queue.write(frame)) {
    queue.discard();
    return 'slow-consumer';
  }
  if (traffic) {
    traffic.messagesOut++;
    traffic.bytesOut += frame.length;
  }
  return 'written';
}

/**
 * A slow consumer's end, spread over event-loop turns (turn-slices.ts): from now on nothing is
 * written to it, and `close` runs soon, never inside the fan-out that found it.
 */
export function cutSlowConsumer(queue: OutboundQueue, close: () => void): void {
  if (queue.cut) return;
  queue.cut = true;
  cuts.add(close);
}

/** A WebSocket's 'error' listener: the 'close' that follows ends the session, and nothing else is owed. */
export function ignoreSocketError(): void {}

/** How long a closing handshake may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 3000;

/**
 * Starts the closing handshake (after any frames still queued) and cuts the socket if the client
 * does not finish it in time.
 */
export function closeSocket(socket: WebSocket, queue: OutboundQueue | null, code?: number, reason?: string): void {
  queue?.flushNow();
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS).unref();
}
