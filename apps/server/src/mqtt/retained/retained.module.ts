import { Module } from '@nestjs/common';
import { RetainedMessages } from './retained-messages.service';

/** Retained MQTT messages: the MQTT gateway stores and delivers them, the admin API lists and deletes them. */
@Module({
  providers: [RetainedMessages],
  exports: [RetainedMessages],
})
export class RetainedModule {}
