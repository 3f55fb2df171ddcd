import { Module } from '@nestjs/common';
import { ServiceHealthController } from './service-health.controller';

/** The data-plane REST API under /api. */
@Module({ controllers: [ServiceHealthController] })
export class RestModule {}
