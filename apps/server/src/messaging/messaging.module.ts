import { Global, Module } from '@nestjs/common';
import { Backplane, InProcessBackplane } from './backplane';
import { MessageRouter } from './message-router';

@Global()
@Module({
  providers: [{ provide: Backplane, useClass: InProcessBackplane }, MessageRouter],
  exports: [MessageRouter, Backplane],
})
export class MessagingModule {}
