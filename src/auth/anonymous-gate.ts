import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { AppError } from '../common/errors/app-error';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AuthService } from './auth.service';
import { Caller } from './caller';
import { credentialOf } from './credentials';
import { RateLimitService } from './rate-limit.service';

/** The most a request to /graphql without a valid key may send: an anonymous query can only be refused. */
export const ANONYMOUS_BODY_LIMIT = '16kb';

// What the gate learnt of a request's key: the caller, or null for a key that is no member's.
const looked = new WeakMap<Request, Caller | null>();
// Requests the gate has counted against their key's limits already.
const counted = new WeakSet<Request>();

/** The caller anonymousGate found for this request's key (null: none), or undefined if it did not look. */
export function keyLookedUp(req: Request): Caller | null | undefined {
  return looked.get(req);
}

/** True when anonymousGate counted this request against its key's limits (the request gate must not again). */
export function countedForKey(req: Request): boolean {
  return counted.has(req);
}

/**
 * Before /graphql reads a body: a request without a valid API key or session (none, or a wrong one) counts
 * against its client's address (req.ip, so TRUST_PROXY decides whether X-Forwarded-For is
 * believed), is refused with 429 and Retry-After once the address has used its minute, and may
 * send at most ANONYMOUS_BODY_LIMIT (413 beyond, read no further). A valid key goes on to the
 * per-key limits, counted here, and the full body limit. The key is looked up here once; the request gate reuses it.
 * A session cookie sent from another site is refused (403) before anything else.
 */
export function anonymousGate(auth: AuthService, rateLimit: RateLimitService): RequestHandler {
  const smallBody = json({ limit: ANONYMOUS_BODY_LIMIT });
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const credential = credentialOf(req);
      if (credential?.kind === 'session' && auth.isCrossSite(req)) {
        res.status(403).json({ errors: [{ message: 'A signed-in request from another site is refused (cross-site request forgery)', extensions: { code: 'FORBIDDEN' } }] });
        return;
      }
      if (credential) {
        // A key refused for its limit moments ago is refused again without a look-up.
        const refusedLately = rateLimit.refusedLately(credential.secret);
        if (refusedLately) return tooMany(res, refusedLately);
        const caller = await auth.callerFor(credential).catch((error: unknown) => {
          if (isDatabaseUnavailable(error)) return 'unavailable' as const; // the request gate answers 503
          throw error;
        });
        if (caller === 'unavailable') return next();
        looked.set(req, caller ?? null);
        if (caller) {
          // A key over its limits is refused before its body is read: parsing a flood of large
          // bodies only to refuse them took the event loop from everyone.
          const refusal = await rateLimit.admitBody(caller, Number(req.headers['content-length']) || 0);
          if (refusal) {
            rateLimit.rememberRefusal(credential.secret, refusal);
            return tooMany(res, refusal);
          }
          counted.add(req);
          return next();
        }
      }
      const wait = await rateLimit.admitAnonymous(req.ip);
      if (wait !== undefined) return tooMany(res, rateLimit.anonymousRefusal(wait));
      smallBody(req, res, next);
    })().catch(next);
  };
}

/** 429 with Retry-After, in GraphQL's shape, the body unread. */
function tooMany(res: Response, refusal: AppError): void {
  const { http: _http, ...extensions } = refusal.extensions as { retryAfterSeconds: number; http?: unknown };
  res.status(429).set('retry-after', String(extensions.retryAfterSeconds)).json({ errors: [{ message: refusal.message, extensions }] });
}
