import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { MqttGateway } from './mqtt.gateway';

@Module({
  imports: [HubsModule, KeysModule],
  providers: [MqttGateway],
})
export class MqttModule {}
