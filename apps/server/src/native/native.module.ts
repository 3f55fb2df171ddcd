import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { NativeGateway } from './native.gateway';

@Module({
  imports: [HubsModule, KeysModule],
  providers: [NativeGateway],
})
export class NativeModule {}
