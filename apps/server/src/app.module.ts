import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule, type Params as LoggingParams } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { ClusterModule } from './cluster/cluster.module';
import { DatabaseModule } from './database/database.module';
import type { Database } from './database/database.provider';
import { HubsModule } from './hubs/hubs.module';
import { ApiErrorFilter } from './http/api-error.filter';
import { KeysModule } from './keys/keys.module';
import { MessagingModule } from './messaging/messaging.module';
import { MqttModule } from './mqtt/mqtt.module';
import { NativeModule } from './native/native.module';
import { ObservabilityModule } from './observability/observability.module';
import { RestModule } from './rest/rest.module';
import { SocketsModule } from './sockets/sockets.module';
import { UpstreamModule } from './upstream/upstream.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: Database, logging: LoggingParams): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(logging),
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        ObservabilityModule,
        ClusterModule,
        MessagingModule,
        SocketsModule,
        UpstreamModule,
        KeysModule,
        HubsModule,
        AdminModule,
        RestModule,
        NativeModule,
        MqttModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiErrorFilter }],
    };
  }
}
