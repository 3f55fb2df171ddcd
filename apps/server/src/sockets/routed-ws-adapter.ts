import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { WebSocketGateway, type GatewayMetadata } from '@nestjs/websockets';
import type { MessageMappingProperties } from '@nestjs/websockets/gateway-metadata-explorer';
import { EMPTY, type Observable } from 'rxjs';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { handedToWebSocket, rejectUpgrade, UpgradeRouter } from './upgrade-router';

/** What a gateway decides before the upgrade: refuse with a plain HTTP status, or admit. */
export type Admission<T> = { refuse: { status: number; message: string } } | { admit: T; subprotocol?: string | false };

/**
 * The part of a WebSocket endpoint that runs before a WebSocket exists: it reads the request,
 * authenticates, may ask the event handler, and picks the subprotocol. Its admission reaches the
 * gateway's `handleConnection(socket, request, admitted)`.
 */
export interface UpgradeAdmission<T = unknown> {
  /** `ws` server options of the endpoint (frame size limit, for one). */
  readonly serverOptions?: ServerOptions;
  admit(request: IncomingMessage, socket: Duplex): Promise<Admission<T>>;
}

export interface RoutedGatewayOptions extends GatewayMetadata {
  /** Names the endpoint (Nest keeps one server per path); `matches` decides which requests it takes. */
  path: string;
  matches(pathname: string): boolean;
  /** The provider that decides each upgrade. */
  admission: Type<UpgradeAdmission>;
}

/** A Nest WebSocket gateway served through the one upgrade router (see RoutedWsAdapter). */
export function RoutedGateway(options: RoutedGatewayOptions): ClassDecorator {
  return WebSocketGateway(options);
}

/**
 * A frame no `@SubscribeMessage` takes (not JSON, or a `type` nobody handles) goes to the
 * gateway's handler for this name, if it has one.
 */
export const UNMATCHED_MESSAGE = 'unmatched';

const CHOSEN_SUBPROTOCOL = Symbol('chosenSubprotocol');
type AdmittedRequest = IncomingMessage & { [CHOSEN_SUBPROTOCOL]?: string | false };

/**
 * Nest's WebSocket adapter for Switchboard's endpoints. Each gateway gets a `ws` server with no
 * server of its own, and a route on the UpgradeRouter, the one `upgrade` listener of the HTTP
 * server: so paths are matched by the gateway's own rule (`/client/hubs/{hub}`), a refused
 * request is answered with its HTTP status before any WebSocket exists, and requests for other
 * endpoints are left alone, which Nest's own WsAdapter does not do (STACK.md).
 *
 * Frames reach `@SubscribeMessage` handlers only on gateways that declare some, as JSON objects
 * whose `type` names the handler; the other gateways read their sockets' raw frames themselves.
 */
export class RoutedWsAdapter extends WsAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app, {
      messageParser: (data) => {
        try {
          const message = JSON.parse(data.toString()) as { type?: unknown };
          if (message !== null && typeof message === 'object' && typeof message.type === 'string') return { event: message.type, data: message };
        } catch {
          // Not JSON: unmatched below.
        }
        return { event: UNMATCHED_MESSAGE, data: data.toString() };
      },
    });
  }

  override create(_port: number, gateway?: Record<string, unknown>): WebSocketServer {
    const options = gateway as unknown as RoutedGatewayOptions;
    if (typeof options?.matches !== 'function' || !options.admission) throw new Error('gateways here are declared with @RoutedGateway({ path, matches, admission })');
    const admission = this.app.get(options.admission, { strict: false });
    const server = new WebSocketServer({
      perMessageDeflate: false,
      clientTracking: false,
      ...admission.serverOptions,
      noServer: true,
      handleProtocols: (_offered, request) => (request as AdmittedRequest)[CHOSEN_SUBPROTOCOL] ?? false,
    });
    this.app.get(UpgradeRouter, { strict: false }).register({
      matches: options.matches,
      upgrade: async (request: AdmittedRequest, socket, head) => {
        const decision = await admission.admit(request, socket);
        if ('refuse' in decision) return rejectUpgrade(socket, decision.refuse.status, decision.refuse.message);
        request[CHOSEN_SUBPROTOCOL] = decision.subprotocol ?? false;
        server.handleUpgrade(request, socket, head, (ws) => {
          handedToWebSocket(socket);
          server.emit('connection', ws, request, decision.admit);
        });
      },
    });
    return server;
  }

  override bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    // Raw-frame gateways (native clients, MQTT): nothing of Nest sits on their hot path.
    if (handlers.length === 0) return;
    super.bindMessageHandlers(client, handlers, transform);
  }

  override bindMessageHandler(buffer: { data: Buffer }, handlers: Map<string, MessageMappingProperties>, transform: (data: unknown) => Observable<unknown>): Observable<unknown> {
    const message = this.messageParser(buffer.data) as { event: string; data: unknown };
    const handler = handlers.get(message.event) ?? handlers.get(UNMATCHED_MESSAGE);
    return handler ? transform(handler.callback(message.data, message.event)) : EMPTY;
  }

  /**
   * Nest would add a closure to every socket for `handleDisconnect`, which no gateway here has:
   * each one listens for its own sockets' close.
   */
  override bindClientDisconnect(): void {}

  /** Sessions end through their gateways (`disconnected` first, then the close), never from here. */
  override async close(server: WebSocketServer): Promise<void> {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
