import { Module } from '@nestjs/common';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';

// Named, expiring, revocable API keys for systems and scripts.
@Module({
  providers: [ApiKeysService, ApiKeysResolver],
})
export class ApiKeysModule {}
