import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebPubSubEventHandler, type WebPubSubEventHandlerOptions } from '@azure/web-pubsub-express';
import express, { type Express } from 'express';

/** One HTTP request the app received, before any handler looked at it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface EventHandlerAppOptions {
  /** The hub the `WebPubSubEventHandler` serves. */
  hub: string;
  /** The event handler options (handleConnect, onConnected...), as an app writes them. */
  handler?: Omit<WebPubSubEventHandlerOptions, 'allowedEndpoints'>;
  /** `allowedEndpoints` of the handler: the Switchboard endpoints it accepts events from. */
  allowedEndpoints?: string[];
  /** Routes mounted before the Web PubSub middleware, for handlers that misbehave on purpose. */
  before?: (app: Express) => void;
}

/**
 * An app server with an event handler made by the real `@azure/web-pubsub-express`, listening on
 * a free loopback port: what a Switchboard user runs. It records every request it receives.
 */
export class EventHandlerApp {
  readonly requests: ReceivedRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly handler: WebPubSubEventHandler,
  ) {}

  static async start(options: EventHandlerAppOptions): Promise<EventHandlerApp> {
    const app = express();
    const handler = new WebPubSubEventHandler(options.hub, { ...options.handler, allowedEndpoints: options.allowedEndpoints });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const started = new EventHandlerApp(server, handler);
    app.use((request, _response, next) => {
      started.requests.push({ method: request.method, path: request.path, headers: request.headers });
      next();
    });
    options.before?.(app);
    app.use(handler.getMiddleware());
    return started;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The handler's URL template for the hub settings: the SDK's default path plus `{event}`. */
  get urlTemplate(): string {
    return `${this.origin}/api/webpubsub/hubs/{hub}/{event}`;
  }

  /** The event POSTs received (the abuse-protection probes left out). */
  get events(): ReceivedRequest[] {
    return this.requests.filter((request) => request.method === 'POST');
  }

  /** Keep-alive sockets from the server under test would keep jest from exiting (STACK.md). */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * What Microsoft.Azure.WebPubSub.AspNetCore's RequestValidator checks and the express SDK does
 * not: `ce-signature` holds `sha256=` + HMAC-SHA256(access key, connectionId) for one of the
 * service's keys (spec/upstream-events.md §3).
 */
export function signedWith(accessKey: string, context: { signature: string; connectionId: string }): boolean {
  const expected = 'sha256=' + createHmac('sha256', accessKey).update(context.connectionId).digest('hex');
  return (context.signature ?? '').split(',').some((value) => value.trim().toLowerCase() === expected);
}

/**
 * Options for the `@azure/web-pubsub-client` clients of these suites: a failed request is not
 * retried (the SDK retries 3 times 1 s apart), no reconnection, and no keep-alive tasks, whose
 * pending 20 s / 40 s timers outlive `stop()` and hold jest open (SDK 1.1.0).
 */
export const SDK_CLIENT_OPTIONS = {
  messageRetryOptions: { maxRetries: 0 },
  autoReconnect: false,
  keepAliveIntervalInMs: 0,
  keepAliveTimeoutInMs: 0,
} as const;
