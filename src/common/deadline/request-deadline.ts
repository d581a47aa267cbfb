import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';

/**
 * How long one request may go on (REQUEST_DEADLINE_MS). It is held in async-local storage rather
 * than passed down, so that the two places that stop the work find it without every service
 * taking it as an argument: the database client (pooled-client.ts) refuses a statement once it has
 * passed and cancels the one running when it passes, and long loops (pacer.ts) check it each time
 * they let others run. A member who hangs up ends it early: nobody is waiting for the answer.
 */
export class Deadline {
  private readonly controller = new AbortController();
  /** Admitted through the heavy lane (heavy-lane.ts): its judging runs in a judging thread (judging-threads.ts). */
  heavy = false;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private ms: number) {
    // Each statement in flight listens for the deadline; aliased checks run dozens at once, and
    // Node's warning about more than 10 listeners would fill the log for nothing.
    setMaxListeners(0, this.controller.signal);
    this.timer = setTimeout(() => this.controller.abort(), ms);
    this.timer.unref();
  }

  /**
   * Gives this request `ms` from its start instead (0: no limit), for work that is long by nature
   * and bounded otherwise: an import of a file at its row limit. Too late once it has passed.
   */
  extendTo(ms: number): void {
    if (this.passed) return;
    clearTimeout(this.timer);
    this.ms = ms;
    this.timer = ms > 0 ? setTimeout(() => this.controller.abort(), Math.max(0, this.started + ms - Date.now())) : undefined;
    this.timer?.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get passed(): boolean {
    return this.controller.signal.aborted;
  }

  /** The member's answer once it has passed. */
  error(): AppError {
    return AppError.requestTimeout(this.ms);
  }

  throwIfPassed(): void {
    if (this.passed) throw this.error();
  }

  /** The request is over: answered (nothing more to stop) or abandoned by the member (stop now). */
  end(answered: boolean): void {
    clearTimeout(this.timer);
    if (!answered) this.controller.abort();
  }
}

const storage = new AsyncLocalStorage<Deadline>();

/** The deadline of the request this code runs for; none in background work, the CLI and migrations. */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore();
}

export function runWithDeadline<T>(deadline: Deadline, work: () => T): T {
  return storage.run(deadline, work);
}

/** Express middleware: the rest of the request runs under a deadline of `ms` (0: none). After the body parser, whose callbacks would lose the context. */
export function requestDeadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (ms <= 0) return next();
    const deadline = new Deadline(ms);
    res.once('close', () => deadline.end(res.writableFinished));
    runWithDeadline(deadline, next);
  };
}
