import { ASTNode, GraphQLError } from 'graphql';

// Stable codes members' systems depend on; extend, never rename.
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT_UNACKNOWLEDGED = 'CONFLICT_UNACKNOWLEDGED',
  /** The network's settings send this plan to the coordinator, who has not agreed to its launch (see extensions.awaiting). */
  REVIEW_REQUIRED = 'REVIEW_REQUIRED',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The database is not answering (restarting, unreachable): try again shortly. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The request needed more database time than DATABASE_STATEMENT_TIMEOUT_MS allows: ask for less. */
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  /** The request went on longer than REQUEST_DEADLINE_MS allows, and was stopped: ask for less. */
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  /** Too many heavy requests (big checks, long window searches, imports, exports) wait already: try again shortly. */
  SERVICE_BUSY = 'SERVICE_BUSY',
}

export interface FieldProblem {
  field: string;
  message: string;
}

// Thrown from services; a GraphQLError so Apollo passes code and field through unchanged.
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    extra: Record<string, unknown> = {},
    /** Where in a GraphQL document the offending value is, when it was written there. */
    node?: ASTNode,
  ) {
    super(message, { nodes: node, extensions: { code, ...(field ? { field } : {}), ...extra } });
    this.name = 'AppError';
  }

  static badInput(field: string, message: string, problems?: FieldProblem[]): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, field, problems && problems.length > 1 ? { problems } : {});
  }

  static notFound(what: string, field = 'id'): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`, field);
  }

  static forbidden(message: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  static unavailable(): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The database is not answering; nothing was changed. Try again in a few seconds.', undefined, {
      retryAfterSeconds: 5,
      http: { status: 503, headers: new Map([['retry-after', '5']]) },
    });
  }

  static tooCostly(): AppError {
    return new AppError(
      ErrorCode.QUERY_TOO_COSTLY,
      'This request needed more database time than the service allows, and was stopped. Ask for less: a narrower filter, fewer areas or audiences, or a shorter range.',
    );
  }

  static requestTimeout(deadlineMs: number): AppError {
    return new AppError(
      ErrorCode.REQUEST_TIMEOUT,
      `This request went on longer than the service allows (${deadlineMs / 1000} s), and was stopped. Ask for less: a narrower filter, fewer areas or audiences, a shorter range or fewer rows.`,
      undefined,
      { deadlineMs },
    );
  }

  static busy(retryAfterSeconds: number): AppError {
    return new AppError(
      ErrorCode.SERVICE_BUSY,
      `The service is working on as many large requests (big checks, long window searches, imports, exports) as it queues; nothing was run. Try again in ${retryAfterSeconds} s.`,
      undefined,
      { retryAfterSeconds, http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
    );
  }

  /** A change kept waiting past DATABASE_LOCK_TIMEOUT_MS by others saved to the same places (lock_timeout). */
  static lockBusy(): AppError {
    return new AppError(
      ErrorCode.SERVICE_BUSY,
      'Other changes to the same places were being saved, and this one waited longer than the service allows; nothing was changed. Try again in a few seconds.',
      undefined,
      { retryAfterSeconds: 2, http: { status: 503, headers: new Map([['retry-after', '2']]) } },
    );
  }

  static unauthenticated(message = 'An API key is required: send Authorization: Bearer <key>'): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message);
  }
}
