import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RateLimitService } from './rate-limit.service';

@Global()
@Module({
  providers: [AuthService, RateLimitService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, RateLimitService],
})
export class AuthModule {}
