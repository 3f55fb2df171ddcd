import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

export interface UpgradeRoute {
  /** Whether this route owns the request's path (query string removed). */
  matches(pathname: string): boolean;
  /** Authenticates and completes (or refuses) the upgrade; must always answer the socket. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

/**
 * The single `upgrade` listener on the HTTP server: every WebSocket endpoint (native clients,
 * MQTT, the dashboard's live channel) is a Nest gateway whose route RoutedWsAdapter registers
 * here. Nest's own WsAdapter cannot be this router: it matches paths exactly and destroys
 * upgrades it does not own (STACK.md).
 */
@Injectable()
export class UpgradeRouter implements OnApplicationBootstrap {
  private readonly logger = new Logger(UpgradeRouter.name);
  private readonly routes: UpgradeRoute[] = [];

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  register(route: UpgradeRoute): void {
    this.routes.push(route);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      // A shared listener, not a closure: a closure here would share this scope and keep the
      // request URL (token included) alive as long as the connection.
      socket.on('error', destroyOnError);
      const pathname = (request.url ?? '/').split('?', 1)[0];
      const route = this.routes.find((candidate) => candidate.matches(pathname));
      if (!route) {
        rejectUpgrade(socket, 404, `no WebSocket endpoint at ${pathname}`);
        return;
      }
      route.upgrade(request, socket, head).catch((error: unknown) => {
        this.logger.error(`upgrade of ${pathname} failed: ${(error as Error).stack ?? error}`);
        rejectUpgrade(socket, 500, 'internal error');
      });
    });
  }
}

/** The WebSocket now owns the socket and answers its errors: the router's listener goes. */
export function handedToWebSocket(socket: Duplex): void {
  socket.removeListener('error', destroyOnError);
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** Answers an upgrade request with a plain HTTP error, as Azure does before a WebSocket exists. */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: STATUS_CODES[status]?.replace(/\s+/g, '') ?? 'Error', message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `x-ms-error-code: ${STATUS_CODES[status]?.replace(/\s+/g, '') ?? 'Error'}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}
