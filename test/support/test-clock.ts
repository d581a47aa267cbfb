import { Clock } from '../../src/common/clock';

/**
 * The service's clock in a test: stopped at the instant given (or set later), else the real time.
 * A test that depends on the date sets it, so that it passes whatever day it runs on. The
 * database stamps its rows with its own now(): a date in the past keeps "changed since" right.
 */
export class TestClock extends Clock {
  private stopped: Date | undefined;

  constructor(instant?: string) {
    super();
    if (instant) this.set(instant);
  }

  /** e.g. '2027-03-28T12:00:00Z' */
  set(instant: string): void {
    this.stopped = new Date(instant);
    if (Number.isNaN(this.stopped.getTime())) throw new RangeError(`Not an instant: ${instant}`);
  }

  override now(): Date {
    return this.stopped ? new Date(this.stopped) : new Date();
  }
}
