import { HttpException, HttpStatus } from '@nestjs/common';
import { GraphQLError } from 'graphql';

export type QueryValue = string | string[] | Record<string, unknown> | undefined;

/**
 * The codes a filter parameter gives, separated by commas or repeated (`area=A&area=B`). What a
 * URL can carry but a code cannot (a nested parameter, the NUL character) is a 400 naming it.
 */
export function codesParameter(query: Record<string, QueryValue>, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  if (!parts || parts.some((part) => part.includes('\u0000'))) throw new HttpException(`${name}: give codes separated by commas`, HttpStatus.BAD_REQUEST);
  return parts.flatMap((part) => part.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Unknown codes arrive as GraphQL input errors: a route that is not GraphQL answers 400 with the same message. */
export function inputErrorAsBadRequest(error: unknown): never {
  if (error instanceof GraphQLError) throw new HttpException(`${String(error.extensions.field ?? '')}: ${error.message}`, HttpStatus.BAD_REQUEST);
  throw error;
}
