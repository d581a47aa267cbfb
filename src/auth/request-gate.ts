import { ApolloServerPlugin } from '@apollo/server';
import { BREAK, DocumentNode, visit } from 'graphql';
import { AppError, ErrorCode } from '../common/errors/app-error';
import type { WorkCharge } from '../common/graphql/query-work';
import { GraphqlConfig } from '../config/app-config';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import type { GraphQLContext } from './auth.guard';
import { countedForKey, keyLookedUp } from './anonymous-gate';
import { AuthService } from './auth.service';
import { Credential, credentialOf } from './credentials';
import { RateLimitService } from './rate-limit.service';

/**
 * Runs once per GraphQL request, before anything executes: identifies the caller (so the
 * guards on each field need no query of their own), applies the per-key rate limit, and
 * keeps the schema from anyone without a key. The key was usually looked up already by
 * anonymousGate, before the body was read. Errors raised here carry their HTTP status
 * (401, 429); a request without a valid key is left to the guards, which refuse its fields.
 */
export function requestGate(auth: AuthService, rateLimit: RateLimitService, config: GraphqlConfig): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          const credential = credentialOf(contextValue.req);
          const early = keyLookedUp(contextValue.req);
          const caller = credential ? (early === undefined ? await identify(auth, credential) : (early ?? undefined)) : undefined;
          if (caller) {
            if (!countedForKey(contextValue.req)) await rateLimit.admit(caller);
            contextValue.caller = caller;
          } else if (config.introspection === 'authenticated' && readsSchema(document)) {
            throw new AppError(ErrorCode.UNAUTHENTICATED, 'Reading the schema (introspection) needs an API key: send Authorization: Bearer <key>', undefined, {
              http: { status: 401 },
            });
          }
        },
      };
    },
  };
}

/**
 * For the work limit (query-work.ts): a request's estimated work is charged to its caller as the
 * gates found them (key or session); a request without one does nothing costly (its fields are refused).
 */
export function chargeWork(rateLimit: RateLimitService): WorkCharge {
  return async (contextValue, work) => {
    const caller = keyLookedUp((contextValue as GraphQLContext).req);
    if (caller) await rateLimit.admitWork(caller, work);
  };
}

// Before execution, so the whole request can answer 503 with Retry-After when the database is down.
async function identify(auth: AuthService, credential: Credential) {
  try {
    return await auth.callerFor(credential);
  } catch (error) {
    throw isDatabaseUnavailable(error) ? AppError.unavailable() : error;
  }
}

/** `__typename` does not count: it reveals nothing. */
export function readsSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}
