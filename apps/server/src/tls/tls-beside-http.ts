import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';

/** A TLS record starts with this content type (handshake); no HTTP method starts with it. */
const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing this long is closed before either server sees it. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/**
 * Serves HTTPS and WSS on the HTTP server's own port: each new connection's first byte tells a
 * TLS handshake from plain HTTP, and the connection goes to the matching server. Both hand their
 * requests and upgrades to the same listeners, so every route and WebSocket endpoint answers on
 * both, and a client keeps the one URL whichever scheme it uses.
 *
 * Written here rather than taken from `httpolyglot`-style packages because those create the
 * server themselves, while Nest owns the HTTP server and our upgrade router listens on it.
 */
export function serveTlsBesideHttp(http: HttpServer, tls: { cert: string; key: string }): HttpsServer {
  const https = createHttpsServer({ cert: tls.cert, key: tls.key });
  https.on('request', (request: IncomingMessage, response: ServerResponse) => http.emit('request', request, response));
  https.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => http.emit('upgrade', request, socket, head));
  https.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
  // The timeouts that guard plain HTTP guard HTTPS too.
  https.headersTimeout = http.headersTimeout;
  https.requestTimeout = http.requestTimeout;
  https.keepAliveTimeout = http.keepAliveTimeout;
  // Node starts an HTTP server's connection tracking (the header and request timeouts, closing
  // idle connections at close) on 'listening'. This one never listens itself: it is fed sockets.
  https.emit('listening');

  const plainListeners = http.listeners('connection') as Array<(socket: Socket) => void>;
  http.removeAllListeners('connection');
  http.on('connection', (socket: Socket) => {
    // A plain timer, cleared at the first byte: socket.setTimeout would leave a Timeout object on
    // every connection for its whole life.
    const drop = () => socket.destroy();
    const timer = setTimeout(drop, FIRST_BYTE_TIMEOUT_MS);
    socket.on('error', drop);
    socket.once('data', (first: Buffer) => {
      clearTimeout(timer);
      socket.off('error', drop);
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) https.emit('connection', socket);
      else for (const listener of plainListeners) listener.call(http, socket);
      process.nextTick(() => socket.resume());
    });
  });
  // Whoever closes the HTTP server (Nest, at shutdown) closes the HTTPS side with it: idle
  // keep-alive TLS connections would otherwise hold the process until they time out.
  const closeHttp = http.close.bind(http);
  http.close = ((callback?: (error?: Error) => void) => {
    https.close();
    https.closeIdleConnections();
    return closeHttp(callback);
  }) as typeof http.close;
  return https;
}
