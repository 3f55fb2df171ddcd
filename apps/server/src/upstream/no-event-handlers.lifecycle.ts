import { Injectable } from '@nestjs/common';
import {
  ConnectionLifecycle,
  type ConnectDecision,
  type ConnectionInfo,
  type UserEventOutcome,
} from '../connections/lifecycle.port';

/**
 * Until event handlers are called (CloudEvents upstream), connections are accepted with what
 * their token says and user events reach no handler.
 */
@Injectable()
export class NoEventHandlersLifecycle extends ConnectionLifecycle {
  async connect(): Promise<ConnectDecision> {
    return { accept: true };
  }

  connected(_connection: ConnectionInfo): void {}

  disconnected(_connection: ConnectionInfo, _reason: string | null): void {}

  async userEvent(): Promise<UserEventOutcome> {
    return { kind: 'unhandled' };
  }
}
