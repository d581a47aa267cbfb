import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { AppError } from '../common/errors/app-error';
import type { MemberRole } from '../members/member.entity';
import { bearerToken } from './api-key';
import { AuthService } from './auth.service';
import { ROLES_KEY } from './auth.decorators';
import type { Caller } from './caller';

export interface GraphQLContext {
  req: Request;
  caller?: Caller;
}

// Every GraphQL operation and field needs a valid key; REST routes (health, feeds) authenticate themselves.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    const caller = await this.authenticate(ctx);
    const roles = this.reflector.getAllAndOverride<MemberRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(caller.role)) {
      throw AppError.forbidden(`This needs the role ${roles.join(' or ')}; you are ${caller.role}`);
    }
    return true;
  }

  // Usually done already by the request gate (src/auth/request-gate.ts), once per request.
  private async authenticate(ctx: GraphQLContext): Promise<Caller> {
    if (ctx.caller) return ctx.caller;
    const key = bearerToken(ctx.req.headers.authorization);
    if (!key) throw AppError.unauthenticated();
    const caller = await this.auth.callerForKey(key);
    if (!caller) throw AppError.unauthenticated('The API key is not valid or has been revoked');
    ctx.caller = caller;
    return caller;
  }
}
