import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './config';

/** Hands the configuration that main.ts already validated to every provider. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
