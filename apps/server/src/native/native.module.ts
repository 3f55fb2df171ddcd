import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { NativeAdmission } from './native-admission';
import { NativeGateway } from './native.gateway';

@Module({
  imports: [HubsModule, KeysModule],
  providers: [NativeAdmission, NativeGateway],
})
export class NativeModule {}
