import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { AppError } from '../common/errors/app-error';
import type { MemberRole } from '../members/member.entity';
import { credentialOf } from './credentials';
import { ROLES_KEY } from './auth.decorators';
import type { Caller } from './caller';

export interface GraphQLContext {
  req: Request;
  caller?: Caller;
}

// Every GraphQL operation and field needs a valid key or session; REST routes (health, feeds) authenticate themselves.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    const caller = this.authenticate(ctx);
    const roles = this.reflector.getAllAndOverride<MemberRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(caller.role)) {
      throw AppError.forbidden(`This needs the role ${roles.join(' or ')}; you are ${caller.role}`);
    }
    return true;
  }

  // The request gate (request-gate.ts) has already looked the key up, once per request.
  private authenticate(ctx: GraphQLContext): Caller {
    if (ctx.caller) return ctx.caller;
    const credential = credentialOf(ctx.req);
    if (!credential) throw AppError.unauthenticated();
    throw AppError.unauthenticated(credential.kind === 'key' ? 'The API key is not valid or has been revoked' : 'Your session has ended: sign in again');
  }
}
