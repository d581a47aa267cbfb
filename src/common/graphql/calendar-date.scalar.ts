import { CustomScalar, Scalar } from '@nestjs/graphql';
import { Kind, ValueNode } from 'graphql';
import { AppError, ErrorCode } from '../errors/app-error';
import { CalendarDate, isCalendarDate, ISO_DATE, outOfRange } from '../dates/calendar-date';

// `Date`: an ISO calendar date (YYYY-MM-DD) in Europe/London. 2027-02-30 is refused, as is a
// date before 1900 or after 2199.
@Scalar('Date', () => CalendarDateScalar)
export class CalendarDateScalar implements CustomScalar<string, CalendarDate> {
  description = 'A calendar date in Europe/London, as ISO 8601 YYYY-MM-DD, from 1900-01-01 to 2199-12-31';

  parseValue(value: unknown): CalendarDate {
    return parseDate(value);
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    // Outgoing dates come from date columns, valid by construction: checking their shape is
    // enough, and parsing each with luxon cost a list of 100 consultations milliseconds.
    if (typeof value === 'string' && ISO_DATE.test(value)) return value;
    return parseDate(value);
  }

  parseLiteral(ast: ValueNode): CalendarDate {
    if (ast.kind !== Kind.STRING) throw refused('A date must be a string YYYY-MM-DD', ast);
    return parseDate(ast.value, ast);
  }
}

/** `node`: where the value was written in the document, so the error can name its field (literal-input-errors.ts). */
function parseDate(value: unknown, node?: ValueNode): CalendarDate {
  if (!isCalendarDate(value)) throw refused(`"${String(value)}" is not a valid calendar date (YYYY-MM-DD)`, node);
  const outside = outOfRange(value);
  if (outside) throw refused(outside, node);
  return value;
}

const refused = (message: string, node?: ValueNode) => new AppError(ErrorCode.BAD_USER_INPUT, message, 'Date', {}, node);
