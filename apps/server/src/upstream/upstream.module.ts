import { Global, Module } from '@nestjs/common';
import { ConnectionLifecycle } from '../connections/lifecycle.port';
import { NoEventHandlersLifecycle } from './no-event-handlers.lifecycle';

@Global()
@Module({
  providers: [{ provide: ConnectionLifecycle, useClass: NoEventHandlersLifecycle }],
  exports: [ConnectionLifecycle],
})
export class UpstreamModule {}
