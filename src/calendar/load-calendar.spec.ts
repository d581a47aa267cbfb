import fc from 'fast-check';
import { compareCodeUnits } from '../common/compare';
import { addDays, daysBetween } from '../common/dates/calendar-date';
import { Granularity, loadCells, loadLevel, LoadItem, periodsCovering, Reach, segments } from './load-calendar';

// A county with two districts, each with a ward; adults with a child audience of carers.
const county = { blockIds: ['county'], lineageIds: ['county'] };
const north = { blockIds: ['north'], lineageIds: ['north', 'county'] };
const south = { blockIds: ['south'], lineageIds: ['south', 'county'] };
const northWard = { blockIds: ['n1'], lineageIds: ['n1', 'north', 'county'] };
const adults = { blockIds: ['adults'], lineageIds: ['adults'] };
const carers = { blockIds: ['carers'], lineageIds: ['carers', 'adults'] };

const item = (id: string, startDate: string, endDate: string, area = north, audience = adults): LoadItem => ({ id, startDate, endDate, area, audience });

describe('periodsCovering', () => {
  it('covers the range with whole ISO weeks, across a year end', () => {
    const weeks = periodsCovering('2026-12-30', '2027-01-12', 'WEEK');
    expect(weeks).toEqual([
      { start: '2026-12-28', end: '2027-01-03', label: '2026-W53' },
      { start: '2027-01-04', end: '2027-01-10', label: '2027-W01' },
      { start: '2027-01-11', end: '2027-01-17', label: '2027-W02' },
    ]);
  });

  it('covers the range with calendar months, February included', () => {
    expect(periodsCovering('2027-01-31', '2027-03-01', 'MONTH')).toEqual([
      { start: '2027-01-01', end: '2027-01-31', label: '2027-01' },
      { start: '2027-02-01', end: '2027-02-28', label: '2027-02' },
      { start: '2027-03-01', end: '2027-03-31', label: '2027-03' },
    ]);
  });

  it('gives 52 or 53 weeks for a year, and whole weeks over the October clock change', () => {
    expect(periodsCovering('2027-01-04', '2028-01-02', 'WEEK')).toHaveLength(52);
    const clockChange = periodsCovering('2027-10-31', '2027-10-31', 'WEEK');
    expect(clockChange).toEqual([{ start: '2027-10-25', end: '2027-10-31', label: '2027-W43' }]);
  });
});

describe('loadLevel', () => {
  it('grades a count against the fatigue threshold', () => {
    expect([0, 1, 2, 3, 4].map((n) => loadLevel(n, 3))).toEqual(['NONE', 'LIGHT', 'LIGHT', 'AT_LIMIT', 'FATIGUE']);
  });
});

describe('loadCells', () => {
  const weeks = periodsCovering('2027-03-01', '2027-03-14', 'WEEK');

  it('counts a county-wide consultation in every district, and a ward-level one in its district only', () => {
    const items = [item('countywide', '2027-03-01', '2027-03-14', county), item('ward', '2027-03-08', '2027-03-09', northWard)];
    const cells = loadCells(items, [{ area: north }, { area: south }], weeks, 3);
    expect(cells.map((week) => week.map((cell) => cell.ids))).toEqual([
      [['countywide'], ['countywide']],
      [['countywide', 'ward'], ['countywide']],
    ]);
  });

  it('narrows a row to an audience through the audience tree', () => {
    const items = [item('all-adults', '2027-03-01', '2027-03-02', north, adults), item('carers', '2027-03-01', '2027-03-02', north, carers)];
    const [[adultRow, carerRow]] = loadCells(items, [{ area: north, audience: adults }, { area: north, audience: carers }], weeks, 3);
    // Carers are adults: a consultation of all adults reaches carers too, and one of carers reaches some adults.
    expect(adultRow.ids).toEqual(['all-adults', 'carers']);
    expect(carerRow.ids).toEqual(['all-adults', 'carers']);
  });

  it('puts in each cell exactly the consultations live in its period that reach its row, by start date', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((n) => addDays('2027-01-01', n));
    // A composite of a north ward and the south district, as a police neighbourhood might be.
    const composite = { blockIds: ['n1', 'south'], lineageIds: ['n1', 'north', 'county', 'south'] };
    const areas = [county, north, south, northWard, composite];
    const audiences = [adults, carers];
    const arbitraryItem = fc
      .tuple(day, fc.integer({ min: 0, max: 60 }), fc.constantFrom(...areas), fc.constantFrom(...audiences))
      .map(([start, days, area, audience]) => ({ start, end: addDays(start, days), area, audience }));
    const arbitraryRow = fc.record({ area: fc.constantFrom(...areas), audience: fc.option(fc.constantFrom(...audiences), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(arbitraryItem, { maxLength: 25 }), fc.array(arbitraryRow, { minLength: 1, maxLength: 6 }), fc.constantFrom<Granularity>('WEEK', 'MONTH'), (drawn, rows, granularity) => {
        const items = drawn.map((d, i) => item(`c${i}`, d.start, d.end, d.area, d.audience));
        const periods = periodsCovering('2027-01-10', '2027-04-20', granularity);
        const cells = loadCells(items, rows, periods, 3);
        const meet = (a: Reach, b: Reach) => a.blockIds.some((id) => b.lineageIds.includes(id)) || a.lineageIds.some((id) => b.blockIds.includes(id));
        periods.forEach((period, p) =>
          rows.forEach((row, r) => {
            const meets = (it: LoadItem) => meet(it.area, row.area) && (!row.audience || meet(it.audience, row.audience));
            const expected = items.filter((it) => it.startDate <= period.end && it.endDate >= period.start && meets(it)).sort((a, b) => compareCodeUnits(a.startDate, b.startDate));
            expect(cells[p][r].ids).toEqual(expected.map((it) => it.id));
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('marks fatigue when more consultations than the threshold are live', () => {
    const items = ['a', 'b', 'c', 'd'].map((id) => item(id, '2027-03-01', '2027-03-03'));
    const [[cell]] = loadCells(items, [{ area: north }], weeks, 3);
    expect(cell).toEqual({ ids: ['a', 'b', 'c', 'd'], level: 'FATIGUE' });
  });
});

describe('segments', () => {
  it('cuts the range where the set of live consultations changes, leaving out empty days', () => {
    const items = [item('a', '2027-02-20', '2027-03-05'), item('b', '2027-03-03', '2027-03-08'), item('c', '2027-03-12', '2027-04-30')];
    expect(segments(items, '2027-03-01', '2027-03-15')).toEqual([
      { start: '2027-03-01', end: '2027-03-02', ids: ['a'] },
      { start: '2027-03-03', end: '2027-03-05', ids: ['a', 'b'] },
      { start: '2027-03-06', end: '2027-03-08', ids: ['b'] },
      { start: '2027-03-12', end: '2027-03-15', ids: ['c'] },
    ]);
  });

  it('lists, for every day of the range, exactly the consultations live that day, by start date, whatever order they come in', () => {
    const from = '2027-01-01';
    const to = '2027-03-31';
    const consultation = fc.tuple(fc.integer({ min: -40, max: 120 }), fc.integer({ min: 0, max: 50 }));
    fc.assert(
      fc.property(fc.array(consultation, { maxLength: 25 }), (windows) => {
        const items = windows.map(([offset, length], i) => item(`c${i}`, addDays(from, offset), addDays(from, offset + length)));
        const found = segments(items, from, to);
        const byStart = [...items].sort((a, b) => compareCodeUnits(a.startDate, b.startDate));
        for (let day = from; day <= to; day = addDays(day, 1)) {
          const live = byStart.filter((c) => c.startDate <= day && c.endDate >= day).map((c) => c.id);
          const segment = found.find((s) => s.start <= day && s.end >= day);
          expect(segment?.ids ?? []).toEqual(live);
        }
        // Whole, ordered, non-overlapping runs within the range.
        found.forEach((s, i) => {
          expect(s.start >= from && s.end <= to && s.start <= s.end).toBe(true);
          if (i > 0) expect(daysBetween(found[i - 1].end, s.start)).toBeGreaterThanOrEqual(1);
        });
      }),
      { numRuns: 200 },
    );
  });
});
