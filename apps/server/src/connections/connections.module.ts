import { Global, Module } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry';

@Global()
@Module({
  providers: [ConnectionRegistry],
  exports: [ConnectionRegistry],
})
export class ConnectionsModule {}
