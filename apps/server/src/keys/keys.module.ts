import { Module, OnModuleInit } from '@nestjs/common';
import { KeysService } from './keys.service';

@Module({
  providers: [KeysService],
  exports: [KeysService],
})
export class KeysModule implements OnModuleInit {
  constructor(private readonly keys: KeysService) {}

  async onModuleInit(): Promise<void> {
    await this.keys.load();
  }
}
