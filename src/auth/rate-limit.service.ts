import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Caller } from './caller';

/**
 * Requests per minute per API key, counted once per GraphQL request. Kept in this process's
 * memory: behind N instances a key gets up to N times the limit (see the README).
 */
@Injectable()
export class RateLimitService {
  private readonly limiter: RateLimiterMemory | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const points = config.graphql.rateLimitPerMinute;
    this.limiter = points > 0 ? new RateLimiterMemory({ points, duration: 60 }) : undefined;
  }

  async admit(caller: Caller): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(caller.memberId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `Too many requests: at most ${this.config.graphql.rateLimitPerMinute} a minute for each API key. Try again in ${retryAfterSeconds} s.`,
        undefined,
        { retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
      );
    }
  }
}
