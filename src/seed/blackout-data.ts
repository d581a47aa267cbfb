import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { addDays, formatLongDate } from '../common/dates/calendar-date';
import { Severity } from '../conflicts/clash-rules';
import { DATA_DIR } from './reference-data';

export interface BlackoutSeed {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
  severity: Severity;
  areaCodes: string[];
  audienceCodes: string[];
}

interface CalendarRow {
  kind: 'bank_holiday' | 'school_holiday' | 'election' | 'pre_election_period';
  name: string;
  start_date: string;
  end_date: string;
  applies_to: string;
}

const GSS_CODE = /E\d{8}/g;
const SCHOOL_AUDIENCES = ['YOUNG_PEOPLE', 'CHILDREN', 'PARENTS_CARERS'];
const CHRISTMAS_YEARS = [2026, 2027, 2028];

/**
 * Blackout periods from data/calendar-2026-2029.csv: each pre-election period covers the areas
 * polling that day (elections the data marks "not expected" are left out); school holidays apply
 * to children, young people and parents in the county (Stoke-on-Trent sets its own dates); and a
 * network-wide Christmas break, 24 December to 2 January, is the network's own convention.
 */
export function blackoutSeeds(): BlackoutSeed[] {
  const rows = parse(readFileSync(join(DATA_DIR, 'calendar-2026-2029.csv')), { columns: true, skip_empty_lines: true }) as CalendarRow[];
  const elections = rows.filter((r) => r.kind === 'election' && !/not expected/i.test(r.name));
  const preElection = rows.filter((r) => r.kind === 'pre_election_period').flatMap((period): BlackoutSeed[] => {
    const polls = elections.filter((e) => e.start_date === period.end_date);
    const areaCodes = [...new Set(polls.flatMap((e) => e.applies_to.match(GSS_CODE) ?? []))].sort();
    if (areaCodes.length === 0) return [];
    return [{
      code: `PRE-ELECTION-${period.end_date}`,
      name: `Pre-election period for the polls on ${formatLongDate(period.end_date)}`,
      startDate: period.start_date,
      endDate: period.end_date,
      severity: 'HIGH',
      areaCodes,
      audienceCodes: [],
    }];
  });
  const schoolHolidays = rows.filter((r) => r.kind === 'school_holiday').map((r): BlackoutSeed => ({
    code: `SCHOOL-${r.start_date}`,
    name: `School holiday: ${r.name}`,
    startDate: r.start_date,
    endDate: r.end_date,
    severity: 'MEDIUM',
    areaCodes: ['E10000028'],
    audienceCodes: SCHOOL_AUDIENCES,
  }));
  const christmas = CHRISTMAS_YEARS.map((year): BlackoutSeed => ({
    code: `CHRISTMAS-${year}`,
    name: `Christmas break ${year}–${String(year + 1).slice(2)}`,
    startDate: `${year}-12-24`,
    endDate: addDays(`${year + 1}-01-01`, 1),
    severity: 'MEDIUM',
    areaCodes: [],
    audienceCodes: [],
  }));
  return [...preElection, ...schoolHolidays, ...christmas];
}
