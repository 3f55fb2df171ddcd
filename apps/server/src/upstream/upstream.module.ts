import { Global, Module } from '@nestjs/common';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { CloudEventsLifecycle } from './cloud-events-lifecycle';
import { EventHandlerClient } from './event-handler-client';
import { HandlerValidation } from './handler-validation';
import { HubHandlers } from './hub-handlers';

/**
 * Calls to the hubs' event handlers (spec/upstream-events.md). The gateways see only the
 * ConnectionLifecycle port; the admin API uses HandlerValidation to probe handlers when their
 * settings are saved and to report the result.
 */
@Global()
@Module({
  imports: [HubsModule, KeysModule],
  providers: [
    EventHandlerClient,
    HubHandlers,
    HandlerValidation,
    { provide: ConnectionLifecycle, useClass: CloudEventsLifecycle },
  ],
  exports: [ConnectionLifecycle, HandlerValidation],
})
export class UpstreamModule {}
