import { Injectable } from '@nestjs/common';
import type { Send } from '@switchboard/protocol';

export type SendHandler = (send: Send) => void;

/**
 * Carries every Send to each node that may hold recipients. In-process for one node; a Redis
 * implementation can take its place without the gateways noticing.
 */
export abstract class Backplane {
  abstract publish(send: Send): void;
  abstract onSend(handler: SendHandler): void;
}

@Injectable()
export class InProcessBackplane extends Backplane {
  private readonly handlers: SendHandler[] = [];

  publish(send: Send): void {
    for (const handler of this.handlers) handler(send);
  }

  onSend(handler: SendHandler): void {
    this.handlers.push(handler);
  }
}
