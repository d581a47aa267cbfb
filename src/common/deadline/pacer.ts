import { setImmediate as nextTurn } from 'node:timers/promises';
import { currentDeadline } from './request-deadline';

/** The longest a paced loop holds the event loop before other requests get a turn. */
export const SLICE_MS = 5;

/**
 * Paced work this short runs to its end without pausing, whatever the turn's budget: a member's
 * everyday check (a few milliseconds of judging) is answered before a heavy request's next slice,
 * rather than one step a turn behind it. Only work that has run longer takes its turns.
 */
export const SHORT_MS = 3;

// One budget for each turn of the event loop, shared by every paced loop in the process: aliased
// checks in one request, or two requests, resume in the same turn one after another, so each
// timing only its own slice would let them hold the turn for as long as all their slices. The
// first to pause marks the next turn, where the budget starts again; a loop that resumes to find
// it spent takes one step and pauses again, so none starves and the turn stays short.
let sliceStart = performance.now();
let nextTurnMarked = false;

function due(): boolean {
  return performance.now() - sliceStart >= SLICE_MS;
}

function markNextTurn(): void {
  if (nextTurnMarked) return;
  nextTurnMarked = true;
  setImmediate(() => {
    nextTurnMarked = false;
    sliceStart = performance.now();
  });
}

/**
 * Lets the event loop serve others (health checks, other members) once this turn's slice is used,
 * and stops the work with REQUEST_TIMEOUT once the request's deadline has passed. For CPU-bound
 * loops in services: `await breathe()` between steps.
 */
export async function breathe(): Promise<void> {
  if (!due()) return;
  currentDeadline()?.throwIfPassed();
  markNextTurn();
  await nextTurn();
  currentDeadline()?.throwIfPassed();
}

/**
 * Pure rules stay synchronous and framework-free by being written as generators that `yield`
 * between steps (a candidate judged, a row of keys hashed); a service runs them `paced`, pausing
 * as breathe() does, and other callers (a transaction's recompute, tests) run them `unpaced`.
 */
export type Steps<T> = Generator<void, T, void>;

export async function paced<T>(steps: Steps<T>): Promise<T> {
  let ran = 0; // this loop's own time, over all its turns
  let resumed = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (!due() || ran + performance.now() - resumed < SHORT_MS) continue;
    ran += performance.now() - resumed;
    await breathe();
    resumed = performance.now();
  }
}

export function unpaced<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
