import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';

/**
 * Passes a resolver's error on to Apollo untouched, so that formatError (format-error.ts) alone
 * decides what members see and what is logged. Nest's own handler logged every one at error
 * level with a stack trace: a member's mistyped date as loudly as a bug, and a bug twice.
 * HTTP routes keep Nest's handling.
 */
@Catch()
export class ResolverErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    super.catch(exception, host);
  }
}
