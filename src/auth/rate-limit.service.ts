import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Caller } from './caller';

/**
 * Requests per minute per API key, counted once per GraphQL request; and, per client address,
 * requests that carry no valid key or feed token (none, a wrong one). Kept in this process's
 * memory: behind N instances a key or an address gets up to N times the limit (see the README).
 * Consuming is synchronous inside the limiter, so a burst of parallel requests is counted exactly.
 */
@Injectable()
export class RateLimitService {
  private readonly limiter: RateLimiterMemory | undefined;
  private readonly anonymous: RateLimiterMemory | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const points = config.graphql.rateLimitPerMinute;
    this.limiter = points > 0 ? new RateLimiterMemory({ points, duration: 60 }) : undefined;
    const anonymousPoints = config.anonymousRateLimitPerMinute;
    this.anonymous = anonymousPoints > 0 ? new RateLimiterMemory({ points: anonymousPoints, duration: 60, keyPrefix: 'address' }) : undefined;
  }

  async admit(caller: Caller): Promise<void> {
    const retryAfterSeconds = await consume(this.limiter, caller.memberId);
    if (retryAfterSeconds === undefined) return;
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `Too many requests: at most ${this.config.graphql.rateLimitPerMinute} a minute for each API key. Try again in ${retryAfterSeconds} s.`,
      undefined,
      { retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
    );
  }

  /** Counts a request without a valid key or token from `address`: the seconds to wait once over the limit, else undefined. */
  async admitAnonymous(address: string | undefined): Promise<number | undefined> {
    return consume(this.anonymous, address ?? 'unknown');
  }

  anonymousRefusalMessage(retryAfterSeconds: number): string {
    return `Too many requests without a valid API key or feed token from this address: at most ${this.config.anonymousRateLimitPerMinute} a minute. Try again in ${retryAfterSeconds} s.`;
  }

  anonymousRefusal(retryAfterSeconds: number): AppError {
    return new AppError(ErrorCode.RATE_LIMITED, this.anonymousRefusalMessage(retryAfterSeconds), undefined, {
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

async function consume(limiter: RateLimiterMemory | undefined, key: string): Promise<number | undefined> {
  if (!limiter) return undefined;
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}
