import { Module } from '@nestjs/common';
import { HubsModule } from '../hubs/hubs.module';
import { KeysModule } from '../keys/keys.module';
import { MqttAdmission } from './mqtt-admission';
import { MqttGateway } from './mqtt.gateway';
import { PersistedSessions } from './persistence/persisted-sessions.service';
import { RetainedModule } from './retained/retained.module';

@Module({
  imports: [HubsModule, KeysModule, RetainedModule],
  providers: [MqttAdmission, MqttGateway, PersistedSessions],
})
export class MqttModule {}
