import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { addDays, formatLongDate } from '../common/dates/calendar-date';
import { Severity } from '../conflicts/clash-rules';
import { AreaSeed, areaSeeds, DATA_DIR } from './reference-data';

export interface BlackoutSeed {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
  severity: Severity;
  areaCodes: string[];
  audienceCodes: string[];
}

export interface CalendarRow {
  kind: 'bank_holiday' | 'school_holiday' | 'election' | 'pre_election_period';
  name: string;
  start_date: string;
  end_date: string;
  applies_to: string;
}

const GSS_CODE = /E\d{8}/g;
/** Audiences a school holiday reaches: children, young people and parents (and every part of them). */
export const SCHOOL_AUDIENCES = ['YOUNG_PEOPLE', 'CHILDREN', 'PARENTS_CARERS'];
const CHRISTMAS_YEARS = [2026, 2027, 2028];

/** data/calendar-2026-2029.csv: bank and school holidays, elections and pre-election periods, with their sources. */
export function calendarRows(): CalendarRow[] {
  return parse(readFileSync(join(DATA_DIR, 'calendar-2026-2029.csv')), { columns: true, skip_empty_lines: true }) as CalendarRow[];
}

type PollCertainty = 'CONFIRMED' | 'PROPOSED' | 'NOT_EXPECTED';

/**
 * The data marks polls that may not happen: "PROPOSED … not confirmed" (the shadow elections for
 * the new unitary councils) and "not expected" (councils and a commissioner due to be abolished
 * first). Those are kept, as the brief asks, but not as certainties: a lower severity, and a
 * name that says so.
 */
const POLL_CERTAINTIES: { certainty: PollCertainty; severity: Severity; codeSuffix: string; name: (date: string) => string }[] = [
  { certainty: 'CONFIRMED', severity: 'HIGH', codeSuffix: '', name: (date) => `Pre-election period for the polls on ${date}` },
  { certainty: 'PROPOSED', severity: 'MEDIUM', codeSuffix: '-PROPOSED', name: (date) => `Pre-election period for the polls proposed for ${date} (not confirmed)` },
  { certainty: 'NOT_EXPECTED', severity: 'LOW', codeSuffix: '-NOT-EXPECTED', name: (date) => `Pre-election period for polls on ${date} that are not expected to be held` },
];

export function certaintyOf(electionName: string): PollCertainty {
  if (/not expected/i.test(electionName)) return 'NOT_EXPECTED';
  // "proposed postponement reversed" is a confirmed poll; the data writes a proposed poll in capitals.
  if (/\bPROPOSED\b|not confirmed/.test(electionName)) return 'PROPOSED';
  return 'CONFIRMED';
}

interface AreaTree { parent: Map<string, string>; children: Map<string, string[]> }

function areaTree(areas: AreaSeed[]): AreaTree {
  const tree: AreaTree = { parent: new Map(), children: new Map() };
  for (const area of areas) {
    if (!area.parentCode) continue;
    tree.parent.set(area.code, area.parentCode);
    tree.children.set(area.parentCode, [...(tree.children.get(area.parentCode) ?? []), area.code]);
  }
  return tree;
}

function ancestors(code: string, tree: AreaTree): string[] {
  const parent = tree.parent.get(code);
  return parent ? [parent, ...ancestors(parent, tree)] : [];
}

function descendants(code: string, tree: AreaTree): string[] {
  return (tree.children.get(code) ?? []).flatMap((child) => [child, ...descendants(child, tree)]);
}

/** The part of `code` not in `covered`: the area itself, or, where some of it is covered, its uncovered children. */
function uncovered(code: string, covered: ReadonlySet<string>, tree: AreaTree): string[] {
  if (covered.has(code) || ancestors(code, tree).some((a) => covered.has(a))) return [];
  if (!descendants(code, tree).some((d) => covered.has(d))) return [code];
  return (tree.children.get(code) ?? []).flatMap((child) => uncovered(child, covered, tree));
}

/** The codes without repeats and without any lying within another of them. */
function outermost(codes: string[], tree: AreaTree): string[] {
  const all = new Set(codes);
  return [...all].filter((code) => !ancestors(code, tree).some((a) => all.has(a)));
}

/**
 * Blackout periods from data/calendar-2026-2029.csv: each pre-election period covers the areas
 * polling that day, as certain as the polls are (below); school holidays apply to children,
 * young people and parents in the county (Stoke-on-Trent sets its own dates); and a network-wide
 * Christmas break, 24 December to 2 January, is the network's own convention.
 */
export function blackoutSeeds(): BlackoutSeed[] {
  const rows = calendarRows();
  const elections = rows.filter((r) => r.kind === 'election');
  const tree = areaTree(areaSeeds());
  const preElection = rows.filter((r) => r.kind === 'pre_election_period').flatMap((period): BlackoutSeed[] => {
    const polls = elections.filter((e) => e.start_date === period.end_date);
    const covered = new Set<string>();
    return POLL_CERTAINTIES.flatMap(({ certainty, severity, codeSuffix, name }): BlackoutSeed[] => {
      const polling = polls.filter((e) => certaintyOf(e.name) === certainty).flatMap((e) => e.applies_to.match(GSS_CODE) ?? []);
      // Where a surer poll already blacks an area out, a less sure one adds nothing there.
      const areaCodes = outermost(polling.flatMap((code) => uncovered(code, covered, tree)), tree).sort();
      areaCodes.forEach((code) => covered.add(code));
      if (areaCodes.length === 0) return [];
      return [{
        code: `PRE-ELECTION-${period.end_date}${codeSuffix}`,
        name: name(formatLongDate(period.end_date)),
        startDate: period.start_date,
        endDate: period.end_date,
        severity,
        areaCodes,
        audienceCodes: [],
      }];
    });
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
