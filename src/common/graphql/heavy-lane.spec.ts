import { HeavyLane } from './heavy-lane';

describe('HeavyLane', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('lets light requests through at once, however full the lane', async () => {
    const lane = new HeavyLane(100, 1, 0);
    await lane.enter(100);
    await expect(lane.enter(99)).resolves.toBeInstanceOf(Function);
    expect(lane.load).toEqual({ running: 1, waiting: 0 });
  });

  it('runs heavy requests in the order they came, each when the one before ends its turn', async () => {
    const lane = new HeavyLane(10, 1, 5);
    const first = await lane.enter(10);
    const admitted: string[] = [];
    const second = lane.enter(50).then((end) => (admitted.push('second'), end));
    const third = lane.enter(20).then((end) => (admitted.push('third'), end));
    await settle();
    expect(admitted).toEqual([]);
    expect(lane.load).toEqual({ running: 1, waiting: 2 });
    first();
    first(); // ending a turn twice passes it on once
    await settle();
    expect(admitted).toEqual(['second']);
    (await second)();
    (await third)();
    expect(lane.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a heavy request with SERVICE_BUSY when as many as allowed already wait', async () => {
    const lane = new HeavyLane(10, 1, 1);
    await lane.enter(10);
    void lane.enter(10);
    await expect(lane.enter(10)).rejects.toMatchObject({ extensions: { code: 'SERVICE_BUSY', retryAfterSeconds: 5 } });
  });

  it('gives up the place of a request whose deadline passes while it waits', async () => {
    const lane = new HeavyLane(10, 1, 1);
    const first = await lane.enter(10);
    const abandoned = new AbortController();
    const waiting = lane.enter(10, abandoned.signal);
    abandoned.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(lane.load).toEqual({ running: 1, waiting: 0 });
    const next = lane.enter(10); // the freed place is taken by the next
    first();
    await expect(next).resolves.toBeInstanceOf(Function);
  });
});
