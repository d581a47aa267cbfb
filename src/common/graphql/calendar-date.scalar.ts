import { CustomScalar, Scalar } from '@nestjs/graphql';
import { Kind, ValueNode } from 'graphql';
import { AppError } from '../errors/app-error';
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
    try {
      if (ast.kind !== Kind.STRING) throw AppError.badInput('Date', 'A date must be a string YYYY-MM-DD');
      return parseDate(ast.value);
    } catch (error) {
      // The value's place in the document, so that the error can name the argument (literal-input-errors.ts).
      if (error instanceof AppError) throw new AppError(error.code, error.message, error.field, {}, ast);
      throw error;
    }
  }
}

function parseDate(value: unknown): CalendarDate {
  if (!isCalendarDate(value)) {
    throw AppError.badInput('Date', `"${String(value)}" is not a valid calendar date (YYYY-MM-DD)`);
  }
  const outside = outOfRange(value);
  if (outside) throw AppError.badInput('Date', outside);
  return value;
}
