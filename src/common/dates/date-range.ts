import { AppError } from '../errors/app-error';

/** A range of dates asked for must not end before it begins: BAD_USER_INPUT on `field` (the end's name). */
export function assertDateRange(from: string | null | undefined, to: string | null | undefined, field = 'to'): void {
  if (from && to && to < from) throw AppError.badInput(field, `${field.split('.').pop()} ${to} is before from ${from}`);
}
