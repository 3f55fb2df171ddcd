import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { TrafficCounters } from '../connections/client-connection';

export type WriteResult = 'written' | 'not-open' | 'slow-consumer';

/**
 * Writes a pre-built frame (websocket-frame.ts) straight to the TCP socket under `socket`,
 * unless the client has stopped reading: past `bufferLimit` queued bytes the caller closes the
 * connection rather than let its buffer grow. Control frames go through `ws`, which writes
 * synchronously too (no compression), so the order on the wire is the order of the calls.
 */
export function writeFrame(socket: WebSocket | null, wire: Socket | null, frame: Buffer, bufferLimit: number, traffic: TrafficCounters): WriteResult {
  if (!socket || !wire || socket.readyState !== WebSocket.OPEN) return 'not-open';
  if (socket.bufferedAmount + frame.length > bufferLimit) return 'slow-consumer';
  wire.write(frame);
  traffic.messagesOut++;
  traffic.bytesOut += frame.length;
  return 'written';
}

/** How long a closing handshake may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 3000;

/** Starts the closing handshake and cuts the socket if the client does not finish it in time. */
export function closeSocket(socket: WebSocket, code?: number, reason?: string): void {
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS).unref();
}
