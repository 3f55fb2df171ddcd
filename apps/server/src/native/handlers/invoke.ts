import { applyConnectionState, type AckError, type InvokeFrame, type MessagePayload } from '@switchboard/protocol';
import type { NativeServices } from '../native-services';
import type { NativeFrameContext } from './frame-context';

/** What an invocation needs of its connection. */
export interface InvokeContext extends Pick<NativeFrameContext, 'connectionState' | 'info'> {
  readonly invocations: PendingInvocations;
  answerInvocation(invocationId: string, answer: { payload?: MessagePayload } | { error: AckError }): void;
}

/** More in flight on one connection are failed at once (client-protocols-2026.md §1.3, 64 suggested). */
export const MAX_PENDING_INVOCATIONS = 64;

/**
 * The connection's invocations in flight. An id may be pending twice (§1.3: processed
 * independently); a cancel aborts every call under that id.
 */
export class PendingInvocations {
  /** Made at the first invocation: most connections never invoke. */
  private byId: Map<string, Set<AbortController>> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  start(invocationId: string): AbortController {
    const controller = new AbortController();
    this.byId ??= new Map();
    let calls = this.byId.get(invocationId);
    if (!calls) this.byId.set(invocationId, (calls = new Set()));
    calls.add(controller);
    this.count++;
    return controller;
  }

  finish(invocationId: string, controller: AbortController): void {
    const calls = this.byId?.get(invocationId);
    if (!calls?.delete(controller)) return;
    this.count--;
    if (calls.size === 0) this.byId!.delete(invocationId);
  }

  /** cancelInvocation: the upstream calls are aborted; an unknown id is ignored. */
  cancel(invocationId: string): void {
    for (const controller of this.byId?.get(invocationId) ?? []) controller.abort();
  }

  cancelAll(): void {
    for (const calls of this.byId?.values() ?? []) for (const controller of calls) controller.abort();
  }
}

/**
 * invoke (client-protocols-2026.md §1): the event handler's answer, or why there is none, goes
 * back as the invocation's one `invokeResponse`; a cancelled one gets nothing, the client has
 * forgotten it. The connection stays open whatever the handler says.
 */
export function invoke(connection: InvokeContext, frame: InvokeFrame, services: NativeServices): void {
  if (connection.invocations.size >= MAX_PENDING_INVOCATIONS) {
    connection.answerInvocation(frame.invocationId, {
      error: { name: 'InternalServerError', message: `Too many invocations in flight: at most ${MAX_PENDING_INVOCATIONS} per connection.` },
    });
    return;
  }
  const controller = connection.invocations.start(frame.invocationId);
  services.lifecycle
    .invoke({ ...connection.info(), event: frame.event, invocationId: frame.invocationId, ...(frame.payload ? { payload: frame.payload } : {}) }, controller.signal)
    .catch((error: Error) => ({ success: false as const, error: { name: 'InternalServerError' as const, message: error.message } }))
    .then((outcome) => {
      connection.invocations.finish(frame.invocationId, controller);
      if (controller.signal.aborted) return;
      if (!outcome.success) return connection.answerInvocation(frame.invocationId, { error: outcome.error });
      // The last invocation to complete sets the state (§1.5).
      connection.connectionState = applyConnectionState(connection.connectionState, outcome.connectionState);
      connection.answerInvocation(frame.invocationId, outcome.payload ? { payload: outcome.payload } : {});
    });
}
