// Errors that mean "PostgreSQL is not answering" (down, restarting, unreachable), as opposed to
// a fault in a query: requests fail with SERVICE_UNAVAILABLE and succeed again once it is back.
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    // TypeORM wraps the driver's error; AggregateError (several addresses) holds them in `errors`.
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause ?? (e as { errors?: unknown[] }).errors?.[0];
  }
  return false;
}

/** PostgreSQL cancelled a statement (57014, query_canceled): statement_timeout ran out. */
export function isStatementTimeout(error: unknown): boolean {
  return hasSqlState(error, '57014');
}

/** A statement gave up waiting for a lock (55P03, lock_not_available): lock_timeout ran out. */
export function isLockTimeout(error: unknown): boolean {
  return hasSqlState(error, '55P03');
}

function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if ((e as { code?: unknown }).code === code) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Where a database URL points, without its credentials: for log lines. */
export function describeDatabase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
