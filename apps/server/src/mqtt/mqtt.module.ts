import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { MqttAdmission } from './mqtt-admission';
import { MqttGateway } from './mqtt.gateway';

@Module({
  imports: [HubsModule, KeysModule],
  providers: [MqttAdmission, MqttGateway],
})
export class MqttModule {}
