import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, Max, Min, IsString, MaxLength } from 'class-validator';
import { Type } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { isCalendarDate } from '../dates/calendar-date';
import { AppError } from '../errors/app-error';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 25, description: 'Page size, 1 to 100' })
  @Min(1)
  @Max(100)
  first = 25;

  @Field({ nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** A function when counting is costly: GraphQL calls it only if totalCount is asked for. */
  totalCount: number | (() => Promise<number>);
}

// A Relay-style connection type for any node type.
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number | Promise<number>;
  }
  return ConnectionType;
}

export function toConnection<T>(page: Page<T>, cursorOf: (node: T) => string) {
  return {
    edges: page.nodes.map((node) => ({ node, cursor: cursorOf(node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    // A getter: GraphQL reads it, and so runs a lazy count, only when totalCount is selected.
    get totalCount() {
      return typeof page.totalCount === 'function' ? page.totalCount() : page.totalCount;
    },
  };
}

// Cursors are opaque to clients: base64url of a JSON tuple of the sort keys.
export function encodeCursor(keys: unknown[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** What each sort key of a cursor must look like, so a doctored cursor is a member's mistake, not a database error. */
export const CURSOR_KEY = {
  date: isCalendarDate,
  /** A date, or 'infinity' for a key that sorts after every date. */
  dateOrInfinity: (key: string) => key === 'infinity' || isCalendarDate(key),
  uuid: (key: string) => isUUID(key),
  integer: (key: string) => /^\d{1,18}$/.test(key),
} as const;

export function decodeCursor(cursor: string, shape: readonly ((key: string) => boolean)[]): string[] {
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.length === shape.length && keys.every((k, i) => typeof k === 'string' && shape[i](k))) return keys as string[];
  } catch {
    // fall through
  }
  throw AppError.badInput('after', 'The cursor is not one this service issued');
}
