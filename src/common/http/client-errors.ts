import { Logger } from '@nestjs/common';
import type { ErrorRequestHandler, Request, Response } from 'express';

// What body-parser (and raw-body under it) attach to the errors it raises.
interface HttpError {
  status?: unknown;
  expose?: unknown;
  type?: unknown;
}

export const BODY_TOO_LARGE = 'The request body is larger than the service accepts';

const MESSAGES: Record<string, string> = {
  'entity.too.large': BODY_TOO_LARGE,
  'entity.parse.failed': 'The request body is not valid JSON',
  'charset.unsupported': 'The request body is in a character set the service does not read',
  'encoding.unsupported': 'The request body is in an encoding the service does not read',
  'request.aborted': 'The request was cut off before its body arrived',
};

/**
 * A body too large (413) or not JSON (400) is the client's mistake, not the service's: answered
 * here, in Nest's shape ({ statusCode, message }), so Nest's handler does not log it as an error
 * with a stack; it is logged at debug (path only: a query string may carry a token), as the
 * request never reaches pino-http's log. Anything else goes on.
 */
export function clientErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const { status, expose, type } = (error ?? {}) as HttpError;
    if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true || res.headersSent) return next(error);
    answerClientError(req, res, status, (typeof type === 'string' && MESSAGES[type]) || 'The request could not be read');
  };
}

const logger = new Logger('HTTP');

/** The client's mistake answered in Nest's shape and logged at debug, by path only. */
export function answerClientError(req: Request, res: Response, status: number, message: string): void {
  logger.debug(`${status} ${req.method} ${req.baseUrl}${req.path}: ${message}`);
  res.status(status).json({ statusCode: status, message });
}
