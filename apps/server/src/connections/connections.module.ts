import { Module } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry';

/** The registry is reached only through the cluster's LocalNode. */
@Module({
  providers: [ConnectionRegistry],
  exports: [ConnectionRegistry],
})
export class ConnectionsModule {}
