import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
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
  private readonly bodies: RateLimiterMemory | undefined;
  private readonly work: RateLimiterMemory | undefined;
  private readonly anonymous: RateLimiterMemory | undefined;
  private readonly refusals = new Map<string, number>(); // hash of a key → when its wait ends

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const points = config.graphql.rateLimitPerMinute;
    this.limiter = points > 0 ? new RateLimiterMemory({ points, duration: 60 }) : undefined;
    const work = config.graphql.rateLimitWorkPerMinute;
    this.work = work > 0 ? new RateLimiterMemory({ points: work, duration: 60, keyPrefix: 'work' }) : undefined;
    const bodyUnits = config.graphql.rateLimitBodyMbPerMinute * (MB / BODY_UNIT);
    this.bodies = bodyUnits > 0 ? new RateLimiterMemory({ points: bodyUnits, duration: 60, keyPrefix: 'bytes' }) : undefined;
    const anonymousPoints = config.anonymousRateLimitPerMinute;
    this.anonymous = anonymousPoints > 0 ? new RateLimiterMemory({ points: anonymousPoints, duration: 60, keyPrefix: 'address' }) : undefined;
  }

  async admit(caller: Caller): Promise<void> {
    const refusal = await this.admitRequest(caller);
    if (refusal) throw asAppError(refusal);
  }

  private async admitRequest(caller: Caller): Promise<Refusal | undefined> {
    const retryAfterSeconds = await consume(this.limiter, caller.memberId);
    return retryAfterSeconds === undefined ? undefined : this.keyRefusal(retryAfterSeconds, 'requests');
  }

  /**
   * admit, before the body is read, and the body's size (its Content-Length) against the key's
   * RATE_LIMIT_BODY_MB_PER_MINUTE: everyday bodies (64 KB or less) count nothing there, a large one
   * its size. The refusal to answer with, or undefined when the request may go on.
   */
  async admitBody(caller: Caller, bytes: number): Promise<Refusal | undefined> {
    const refusal = await this.admitRequest(caller);
    if (refusal) return refusal;
    const units = Math.ceil(Math.max(0, bytes - BODY_UNIT) / BODY_UNIT);
    const retryAfterSeconds = units > 0 ? await consume(this.bodies, caller.memberId, units) : undefined;
    if (retryAfterSeconds === undefined) return undefined;
    return this.keyRefusal(retryAfterSeconds, 'body');
  }

  /**
   * A request's estimated work (query-work.ts) against the caller's RATE_LIMIT_WORK_PER_MINUTE:
   * everyday requests cost a few units, so only a member repeating the heaviest requests meets it.
   */
  async admitWork(caller: Caller, work: number): Promise<void> {
    const retryAfterSeconds = await consume(this.work, caller.memberId, work);
    if (retryAfterSeconds !== undefined) throw asAppError(this.keyRefusal(retryAfterSeconds, 'work'));
  }

  /** RATE_LIMITED for a member over one of their limits, `extensions.limit` naming which. */
  private keyRefusal(retryAfterSeconds: number, limit: KeyLimit): Refusal {
    const { rateLimitPerMinute, rateLimitBodyMbPerMinute, rateLimitWorkPerMinute } = this.config.graphql;
    const what = {
      requests: `at most ${rateLimitPerMinute} a minute for each API key`,
      body: `large bodies of at most ${rateLimitBodyMbPerMinute} MB a minute for each API key`,
      work: `work of at most ${rateLimitWorkPerMinute} a minute for each member (the largest checks, window searches, imports and exports cost the most)`,
    }[limit];
    return { message: `Too many requests: ${what}. Try again in ${retryAfterSeconds} s.`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds, limit } };
  }


  /**
   * So that a flood from a key over its request limit costs no PostgreSQL look-up each: a key
   * refused for it moments ago is refused again, unlooked, until its wait is over. Never a way in
   * (a key that goes on is always looked up); held as hashes, a bounded number of them.
   */
  refusedLately(secret: string): Refusal | undefined {
    const id = credentialId(secret);
    const refused = this.refusals.get(id);
    if (!refused) return undefined;
    const waitMs = refused - Date.now();
    if (waitMs <= 0) {
      this.refusals.delete(id);
      return undefined;
    }
    return this.keyRefusal(Math.ceil(waitMs / 1000), 'requests');
  }

  /** Remembers a refusal for the request limit (only that one: a spent body or work budget leaves everyday requests free). */
  rememberRefusal(secret: string, refusal: Refusal): void {
    const { retryAfterSeconds, limit } = refusal.extensions;
    if (limit === 'requests') remember(this.refusals, credentialId(secret), Date.now() + retryAfterSeconds * 1000);
  }

  /** Counts a request without a valid key or token from `address`: the seconds to wait once over the limit, else undefined. */
  async admitAnonymous(address: string | undefined): Promise<number | undefined> {
    return consume(this.anonymous, address ?? 'unknown');
  }

  anonymousRefusalMessage(retryAfterSeconds: number): string {
    return `Too many requests without a valid API key or feed token from this address: at most ${this.config.anonymousRateLimitPerMinute} a minute. Try again in ${retryAfterSeconds} s.`;
  }

  anonymousRefusal(retryAfterSeconds: number): Refusal {
    return { message: this.anonymousRefusalMessage(retryAfterSeconds), extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } };
  }
}

/**
 * RATE_LIMITED as data: the gate before GraphQL answers it as it is, since under a flood building an
 * error (a GraphQLError with its stack) for each of hundreds of refusals a second cost the event loop.
 */
export interface Refusal {
  message: string;
  extensions: { code: ErrorCode.RATE_LIMITED; retryAfterSeconds: number; limit?: KeyLimit };
}

/** The refusal thrown inside GraphQL: 429 with Retry-After. */
function asAppError({ message, extensions }: Refusal): AppError {
  const { code, ...extra } = extensions;
  return new AppError(code, message, undefined, { ...extra, http: { status: 429, headers: new Map([['retry-after', String(extra.retryAfterSeconds)]]) } });
}

/** Which of a member's limits a refusal is for (RATE_LIMITED's extensions.limit). */
type KeyLimit = 'requests' | 'body' | 'work';

const MB = 1024 * 1024;
/** The most keys refusedLately holds: the oldest go first. */
const MAX_REMEMBERED = 50_000;

function credentialId(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Sets `id` as the newest entry, forgetting the oldest beyond MAX_REMEMBERED. */
function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.delete(id);
  map.set(id, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}
/** Bodies are counted in units of 64 KB beyond the first. */
const BODY_UNIT = 64 * 1024;

export async function consume(limiter: RateLimiterMemory | undefined, key: string, points = 1): Promise<number | undefined> {
  if (!limiter) return undefined;
  try {
    await limiter.consume(key, points);
    return undefined;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}
