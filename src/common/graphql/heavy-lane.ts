import { AppError } from '../errors/app-error';

/**
 * One lane for heavy requests (estimated work at or over `threshold`: big checks, long window
 * searches, imports, exports). At most `atOnce` run at a time in this process and the rest wait
 * their turn in order, so however many heavy requests arrive, members' everyday requests share the
 * event loop and the database with only a few of them. When `maxWaiting` already wait, a heavy
 * request is refused at once (SERVICE_BUSY, with Retry-After) rather than queued for minutes.
 */
export class HeavyLane {
  private running = 0;
  private readonly waiting: { admit: () => void }[] = [];

  constructor(
    readonly threshold: number,
    readonly atOnce: number,
    readonly maxWaiting: number,
  ) {}

  /**
   * Resolves when a request of `work` may run, with the function that ends its turn (call it once
   * the answer is sent). A light request runs at once. Stops waiting when `signal` aborts (the
   * request's deadline passed or its member hung up): its place goes to the next.
   */
  async enter(work: number, signal?: AbortSignal): Promise<() => void> {
    if (!this.isHeavy(work)) return () => undefined;
    if (this.running < this.atOnce) {
      this.running++;
      return this.turn();
    }
    if (this.waiting.length >= this.maxWaiting) throw AppError.busy(5);
    await new Promise<void>((resolve, reject) => {
      const place = { admit: resolve };
      this.waiting.push(place);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.waiting.indexOf(place);
          if (at < 0) return; // already admitted: its turn ends as any other
          this.waiting.splice(at, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('The request ended while it waited its turn'));
        },
        { once: true },
      );
    });
    return this.turn();
  }

  /** Whether a request of `work` takes its turn in the lane (and its judging a judging thread). */
  isHeavy(work: number): boolean {
    return work >= this.threshold;
  }

  /** Heavy requests running and waiting now (for metrics and tests). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private turn(): () => void {
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next in line; the count of those running stays the same.
      if (next) next.admit();
      else this.running--;
    };
  }
}
