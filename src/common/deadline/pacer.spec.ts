import { paced, SLICE_MS, Steps } from './pacer';

// A loop of `steps` steps, each busy for `ms` milliseconds.
function* busy(steps: number, ms: number): Steps<number> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield;
  }
  return steps;
}

/** How many turns of the event loop passed while `work` ran. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  await work();
  counting = false;
  return turns;
}

describe('paced', () => {
  it('lets other work run between the slices of a long loop', async () => {
    expect(await turnsDuring(() => paced(busy(20, 1)))).toBeGreaterThan(2);
  });

  it('runs a short loop to its end at once, even when the turn it starts in is spent', async () => {
    const spent = performance.now() + SLICE_MS + 1;
    while (performance.now() < spent); // the turn's budget used by others
    expect(await turnsDuring(() => paced(busy(5, 0.01)))).toBe(0); // far below SHORT_MS
  });
});
