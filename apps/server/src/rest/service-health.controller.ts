import { Controller, Head, HttpCode } from '@nestjs/common';

/** `HEAD /api/health` (spec/rest-api.md §4 op 1): what the SDK's HealthApi asks. */
@Controller('api/health')
export class ServiceHealthController {
  @Head()
  @HttpCode(200)
  status(): void {}
}
