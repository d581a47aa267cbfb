import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDatabaseUnavailable, isLockTimeout, isStatementTimeout } from '../../database/database-unavailable';
import { AppError, ErrorCode } from '../errors/app-error';

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

// Our own errors pass unchanged; a database that is not answering is SERVICE_UNAVAILABLE (not
// logged per request: the health check reports it); anything else unexpected is logged and shown
// as a bare internal error, so no SQL, stack or secret reaches a client.
export function formatError(onUnexpected: (error: unknown) => void, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = ownError(unwrapResolverError(error));
    if (original instanceof AppError) {
      // `http` sets the response status and headers (Apollo reads it); it is not for clients.
      const { http: _http, ...extensions } = original.extensions;
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions };
    }
    // A value a scalar of ours refused (a date such as 2027-02-30), in a variable or written in the
    // document (then graphql-js reports it while validating, and Apollo re-codes it): the member's
    // input either way, named by the variable's path or by where literal-input-errors.ts found it.
    if (original instanceof GraphQLError && original.originalError instanceof AppError && original.originalError.code === ErrorCode.BAD_USER_INPUT) {
      const field = variablePath(formatted.message) ?? (original.extensions.field as string | undefined) ?? original.originalError.field;
      return { message: original.originalError.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } };
    }
    // A query limit (query-limits.ts): Apollo re-codes validation errors, so restore ours.
    const limit = formatted.extensions?.limit;
    if (limit) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, field: 'query', limit } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      const field = variablePath(formatted.message);
      return { ...formatted, extensions: { ...formatted.extensions, ...(field ? { field } : {}), ...(exposeDetails ? {} : { stacktrace: undefined }) } };
    }
    // Cut off by statement_timeout: the member asked for too much, and is told so (not logged as a fault).
    if (isStatementTimeout(original)) return answered(AppError.tooCostly(), formatted);
    if (isLockTimeout(original)) return answered(AppError.lockBusy(), formatted);
    if (isDatabaseUnavailable(original)) return answered(AppError.unavailable(), formatted);
    onUnexpected(original);
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(exposeDetails ? { detail: formatted.message } : {}) },
    };
  };
}

// A database error answered as one of ours, at the field it stopped (its HTTP status is the response's, not this error's).
function answered(error: AppError, { path }: GraphQLFormattedError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return { message: error.message, path, extensions };
}

// Ours, thrown inside the database client (a request's deadline, pooled-client.ts), reaches here wrapped by TypeORM.
function ownError(error: unknown): unknown {
  const driverError = (error as { driverError?: unknown } | null)?.driverError;
  return driverError instanceof AppError ? driverError : error;
}

// graphql-js reports bad variables as: Variable "$input" got invalid value … at "input.startDate"; …
function variablePath(message: string): string | undefined {
  const match = /at "([^"]+)"/.exec(message) ?? /Variable "\$([^"]+)"/.exec(message);
  return match ? match[1].split('.').slice(1).join('.') || match[1] : undefined;
}
