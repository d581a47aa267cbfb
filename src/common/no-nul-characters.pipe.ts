import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { AppError } from './errors/app-error';

/**
 * PostgreSQL text cannot hold the NUL character (U+0000), which GraphQL strings may carry: a
 * title, search or note with one failed in the database as an internal error. It is refused
 * here instead, as BAD_USER_INPUT naming the field, before anything is read or written.
 */
export class NoNulCharacters implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value; // a resolver's @Args (the caller and context are 'custom')
    const path = nulAt(value, '');
    if (path !== undefined) throw AppError.badInput(path || metadata.data || 'input', 'Text may not contain the NUL character (U+0000)');
    return value;
  }
}

/** The path of the first string holding a NUL, '' for `value` itself; undefined when there is none. */
function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) return value.map((item) => nulAt(item, path)).find((found) => found !== undefined);
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([key, item]) => nulAt(item, path ? `${path}.${key}` : key)).find((found) => found !== undefined);
  }
  return undefined;
}
