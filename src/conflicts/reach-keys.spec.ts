import fc from 'fast-check';
import { addDays } from '../common/dates/calendar-date';
import { lookupKeys, reachKeys } from './reach-keys';

// A plan's lookup must find every consultation it shares a day with: a key missed is a clash
// silently missed. (test/integration/database/reach-keys.ts holds reachKeys to the database's own
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
  const lookup = (first: string, last: string) => lookupKeys(['ward'], ['county', 'ward'], ['young'], ['residents', 'young'], first, last);

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

  it('looks a check\'s two-year reach up under five or six half-years', () => {
    // (within the ward, or filed at the county) × within residents × each half-year
    expect(lookupKeys(['ward'], ['ward', 'county'], ['residents'], ['residents'], '2025-03-01', '2027-06-30')).toHaveLength(2 * 5);
    expect(lookupKeys(['ward'], ['ward', 'county'], ['residents'], ['residents'], '2025-03-01', '2027-07-01')).toHaveLength(2 * 6);
  });

  // Random trees of areas and audiences: every node's lineage is itself then its ancestors, and a
  // selection's lineage is its blocks' together, as the service keeps them.
  const tree = fc.array(fc.nat(), { minLength: 1, maxLength: 12 }).map((parents) => parents.map((p, i) => (i === 0 ? -1 : p % i)));
  const selection = (parents: number[], prefix: string) =>
    fc.uniqueArray(fc.nat(parents.length - 1), { minLength: 1, maxLength: 3 }).map((blocks) => {
      const lineage = new Set<string>();
      for (let node of blocks) for (; node >= 0; node = parents[node]) lineage.add(`${prefix}${node}`);
      return { blocks: blocks.map((b) => `${prefix}${b}`), lineage: [...lineage] };
    });
  const world = fc.tuple(tree, tree).chain(([areas, audiences]) =>
    fc.record({ rowArea: selection(areas, 'a'), rowAudience: selection(audiences, 'p'), planArea: selection(areas, 'a'), planAudience: selection(audiences, 'p'), row: window, plan: window }),
  );

  it('finds with fewer keys exactly what the plan\'s full swapped keys find', () => {
    fc.assert(
      fc.property(world, ({ rowArea, rowAudience, planArea, planAudience, row, plan }) => {
        const filedUnder = new Set(reachKeys(rowArea.blocks, rowArea.lineage, rowAudience.blocks, rowAudience.lineage, ...row));
        const full = reachKeys(planArea.lineage, planArea.blocks, planAudience.lineage, planAudience.blocks, ...plan);
        const fewer = lookupKeys(planArea.blocks, planArea.lineage, planAudience.blocks, planAudience.lineage, ...plan);
        expect(fewer.every((key) => full.includes(key))).toBe(true);
        expect(fewer.some((key) => filedUnder.has(key))).toBe(full.some((key) => filedUnder.has(key)));
      }),
      { numRuns: 2000 },
    );
  });
});
