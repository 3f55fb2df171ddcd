import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { MqttAdmission } from './mqtt-admission';
import { MqttGateway } from './mqtt.gateway';
import { RetainedModule } from './retained/retained.module';

@Module({
  imports: [HubsModule, KeysModule, RetainedModule],
  providers: [MqttAdmission, MqttGateway],
})
export class MqttModule {}
