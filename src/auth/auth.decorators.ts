import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { MemberRole } from '../members/member.entity';
import type { Caller } from './caller';

export const ROLES_KEY = 'roles';

/** The roles allowed on a resolver or field; without it any authenticated member may call. */
export const Roles = (...roles: MemberRole[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const ctx = GqlExecutionContext.create(context).getContext<{ caller?: Caller }>();
  return ctx.caller!;
});
