import fc from 'fast-check';
import { addDays } from '../common/dates/calendar-date';
import { reachKeys } from './reach-keys';

// A plan's lookup must find every consultation it shares a day with: a key missed is a clash
// silently missed. (test/integration/reach-keys.spec.ts holds reachKeys to the database's own
// function.)
describe('reach key lookups', () => {
  const window = fc
    .tuple(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 1200 }))
    .map(([start, days]) => {
      const first = start.toISOString().slice(0, 10);
      return [first, addDays(first, days)] as const;
    });
  // One area within another, one audience within another: the plan is filed under the inner
  // ones' lineage, and looks itself up with blocks and lineage swapped.
  const filed = (first: string, last: string) => new Set(reachKeys(['ward'], ['county', 'ward'], ['young'], ['residents', 'young'], first, last));
  const lookup = (first: string, last: string) => reachKeys(['county', 'ward'], ['ward'], ['residents', 'young'], ['young'], first, last);

  it('finds every consultation running within the window, and none running wholly outside it', () => {
    fc.assert(
      fc.property(window, window, ([first, last], [from, to]) => {
        const keys = filed(first, last);
        const found = lookup(from, to).some((key) => keys.has(key));
        if (first <= to && last >= from) expect(found).toBe(true);
        // Outside the window's half-years nothing is found.
        const half = (date: string) => `${date.slice(0, 4)}${date.slice(5, 7) <= '06' ? 'H1' : 'H2'}`;
        if (half(last) < half(from) || half(first) > half(to)) expect(found).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('files a check\'s two-year reach under five or six half-years', () => {
    // (ward as lineage, county and ward as blocks) × residents × each half-year
    expect(reachKeys(['county', 'ward'], ['ward'], ['residents'], [], '2025-03-01', '2027-06-30')).toHaveLength(3 * 5);
    expect(reachKeys(['county', 'ward'], ['ward'], ['residents'], [], '2025-03-01', '2027-07-01')).toHaveLength(3 * 6);
  });
});
