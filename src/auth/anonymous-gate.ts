import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { answerClientError, BODY_TOO_LARGE } from '../common/http/client-errors';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AuthService } from './auth.service';
import { Caller } from './caller';
import { credentialOf } from './credentials';
import { RateLimitService, Refusal } from './rate-limit.service';

/** The most a request to /graphql without a valid key may send: an anonymous query can only be refused. */
export const ANONYMOUS_BODY_LIMIT = '16kb';
const ANONYMOUS_BODY_BYTES = 16 * 1024;
/**
 * Past this many bytes of a body left unread, a refused request's connection is closed rather than
 * kept alive: to keep it, Node (and body-parser, before its 413) reads the rest of the body to the
 * end, and a flood of megabyte bodies then took the event loop from members.
 */
const DRAIN_AT_MOST = 64 * 1024;

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
      if (Number(req.headers['content-length']) > ANONYMOUS_BODY_BYTES) return tooLarge(res);
      smallBody(req, res, next);
    })().catch(next);
  };
}

/** 429 with Retry-After, in GraphQL's shape, the body unread. */
function tooMany(res: Response, { message, extensions }: Refusal): void {
  closeIfBodyLeft(res);
  res.status(429).set('retry-after', String(extensions.retryAfterSeconds)).json({ errors: [{ message, extensions }] });
}

/** 413 as clientErrors answers body-parser's, from the declared length, without reading the body. */
function tooLarge(res: Response): void {
  closeIfBodyLeft(res);
  answerClientError(res.req, res, 413, BODY_TOO_LARGE);
}

function closeIfBodyLeft(res: Response): void {
  const { headers } = res.req;
  if (headers['transfer-encoding'] || Number(headers['content-length']) > DRAIN_AT_MOST) res.set('connection', 'close');
}
