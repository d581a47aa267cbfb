import { DateTime } from 'luxon';
import { compareCodeUnits } from '../common/compare';
import { addDays, CalendarDate, LONDON, maxDate } from '../common/dates/calendar-date';
import { isoWeekOf } from '../common/dates/iso-week';
import { listUnder } from '../common/lists';

// Pure rules of the load calendar: periods, who reaches which row, and how busy a cell is.
// No database: the service loads candidate consultations once and everything else happens here.

export const GRANULARITIES = ['WEEK', 'MONTH'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const LOAD_LEVELS = ['NONE', 'LIGHT', 'AT_LIMIT', 'FATIGUE'] as const;
export type LoadLevel = (typeof LOAD_LEVELS)[number];

export interface Period {
  start: CalendarDate;
  end: CalendarDate;
  /** "2026-W48" or "2026-11" */
  label: string;
}

/** Whole ISO weeks (Monday–Sunday) or calendar months covering from..to. */
export function periodsCovering(from: CalendarDate, to: CalendarDate, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  if (granularity === 'WEEK') {
    for (let week = isoWeekOf(from); week.start <= to; week = isoWeekOf(addDays(week.end, 1))) {
      periods.push({ start: week.start, end: week.end, label: week.id });
    }
    return periods;
  }
  for (let month = DateTime.fromISO(from, { zone: LONDON }).startOf('month'); month.toISODate()! <= to; month = month.plus({ months: 1 })) {
    periods.push({ start: month.toISODate()!, end: month.endOf('month').toISODate()!, label: month.toFormat('yyyy-MM') });
  }
  return periods;
}

/**
 * How a count of live consultations compares with the FATIGUE rule ("more than `threshold`
 * within the rule's window"): AT_LIMIT means one more would tip the people there into fatigue.
 */
export function loadLevel(count: number, fatigueThreshold: number): LoadLevel {
  if (count === 0) return 'NONE';
  if (count < fatigueThreshold) return 'LIGHT';
  return count === fatigueThreshold ? 'AT_LIMIT' : 'FATIGUE';
}

/**
 * A selection in a hierarchy as the database indexes it: its building blocks (areas with
 * composites expanded, or audiences) and every block's lineage.
 */
export interface Reach {
  blockIds: readonly string[];
  lineageIds: readonly string[];
}

// Two selections meet where a block of one lies within (or is) a block of the other. A calendar
// row meets thousands of consultations, so its side is made into sets once.
function reachMeeter(row: Reach): (other: Reach) => boolean {
  const lineage = new Set(row.lineageIds);
  const blocks = new Set(row.blockIds);
  return (other) => other.blockIds.some((id) => lineage.has(id)) || other.lineageIds.some((id) => blocks.has(id));
}

export interface LoadItem {
  id: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  area: Reach;
  audience: Reach;
}

/** A row of the calendar: an area, optionally narrowed to one audience. */
export interface LoadRow {
  area: Reach;
  audience?: Reach;
}

export interface LoadCell {
  ids: string[];
  level: LoadLevel;
}

/**
 * cells[period][row]: the consultations live in that period that reach that row's people, in
 * start-date order. Periods run in date order, as periodsCovering() gives them.
 */
export function loadCells(items: readonly LoadItem[], rows: readonly LoadRow[], periods: readonly Period[], fatigueThreshold: number): LoadCell[][] {
  const columns = reachingEachRow(items, rows).map((reaching) =>
    liveInEach(reaching, periods).map((live): LoadCell => {
      const ids = live.map((item) => item.id);
      return { ids, level: loadLevel(ids.length, fatigueThreshold) };
    }),
  );
  return periods.map((_, p) => columns.map((column) => column[p]));
}

/**
 * For each row, the items that reach its area and (if it names one) its audience, in their order.
 * Each item's areas are looked up once for all rows (an item's block at or within a row's block,
 * or a row's block within the item's), not tested against every row: a county's ten districts
 * meet its thousands of consultations.
 */
function reachingEachRow(items: readonly LoadItem[], rows: readonly LoadRow[]): LoadItem[][] {
  const rowsByItemBlock = new Map<string, number[]>();
  const rowsByItemLineage = new Map<string, number[]>();
  rows.forEach((row, r) => {
    for (const id of row.area.lineageIds) listUnder(rowsByItemBlock, id, r);
    for (const id of row.area.blockIds) listUnder(rowsByItemLineage, id, r);
  });
  const meetsAudience = rows.map((row) => row.audience && reachMeeter(row.audience));
  const reaching: LoadItem[][] = rows.map(() => []);
  // The last item each row took, so an item that meets a row by several areas is taken once.
  const taken = new Array<LoadItem | undefined>(rows.length);
  const take = (item: LoadItem, rowIndexes: readonly number[] | undefined) => {
    for (const r of rowIndexes ?? []) {
      if (taken[r] === item) continue;
      taken[r] = item;
      const audience = meetsAudience[r];
      if (!audience || audience(item.audience)) reaching[r].push(item);
    }
  };
  for (const item of items) {
    for (const id of item.area.blockIds) take(item, rowsByItemBlock.get(id));
    for (const id of item.area.lineageIds) take(item, rowsByItemLineage.get(id));
  }
  return reaching;
}

// Swept in date order: what is live in a period is what was live in the one before, less what has
// ended, plus what has started. A county's row meets thousands of consultations over 53 weeks (and
// its segments have hundreds of cuts); testing each against every period cost more than the rest
// of the calendar. Periods run in date order, without overlapping.
function liveInEach<T extends Pick<LoadItem, 'startDate' | 'endDate'>>(items: readonly T[], periods: readonly Pick<Period, 'start' | 'end'>[]): T[][] {
  const byStart = [...items].sort((a, b) => compareCodeUnits(a.startDate, b.startDate));
  let live: T[] = [];
  let started = 0;
  return periods.map((period) => {
    live = live.filter((item) => item.endDate >= period.start);
    for (; started < byStart.length && byStart[started].startDate <= period.end; started++) {
      if (byStart[started].endDate >= period.start) live.push(byStart[started]);
    }
    return live;
  });
}

export interface Segment {
  start: CalendarDate;
  end: CalendarDate;
  ids: string[];
}

/**
 * from..to cut into day ranges over which the same consultations are live (empty ranges left
 * out), each listing them by start date (then in the order given).
 */
export function segments(items: readonly Pick<LoadItem, 'id' | 'startDate' | 'endDate'>[], from: CalendarDate, to: CalendarDate): Segment[] {
  const inRange = items.filter((item) => item.startDate <= to && item.endDate >= from);
  const cuts = new Set<CalendarDate>([from]);
  for (const item of inRange) {
    cuts.add(maxDate(item.startDate, from));
    if (item.endDate < to) cuts.add(addDays(item.endDate, 1));
  }
  const starts = [...cuts].sort();
  const ranges = starts.map((start, i) => ({ start, end: i + 1 < starts.length ? addDays(starts[i + 1], -1) : to }));
  return liveInEach(inRange, ranges).flatMap((live, i) => (live.length ? [{ ...ranges[i], ids: live.map((item) => item.id) }] : []));
}
