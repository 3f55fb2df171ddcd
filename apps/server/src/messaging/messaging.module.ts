import { Global, Module } from '@nestjs/common';
import { MessageRouter } from './message-router';

@Global()
@Module({
  providers: [MessageRouter],
  exports: [MessageRouter],
})
export class MessagingModule {}
