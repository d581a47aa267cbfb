import { Logger } from '@nestjs/common';

/**
 * Work begun once a request has been answered, such as an email: a mail server's pace does not hold
 * up the answer, a failure is logged (what the request did stands), and settled() waits for what is
 * under way.
 */
export class AfterAnswer {
  private readonly running = new Set<Promise<void>>();

  /** `what` names the work in the log: "A sign-in link could not be sent: …". */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  start(work: Promise<void>): void {
    const running = work.catch((error: unknown) => this.logger.error(`${this.what} could not be sent: ${error instanceof Error ? error.message : String(error)}`));
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  /** Resolves once everything started so far has finished (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
