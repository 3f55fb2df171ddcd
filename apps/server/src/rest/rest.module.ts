import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { RestApiMiddleware } from './rest-api.middleware';

/** The data-plane REST API under /api. */
@Module({ imports: [KeysModule], providers: [RestApiMiddleware] })
export class RestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RestApiMiddleware).forRoutes({ path: 'api/{*path}', method: RequestMethod.ALL });
  }
}
