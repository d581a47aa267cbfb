import { ConflictKind, Severity } from '../conflicts/clash-rules';
import { compareCodeUnits } from '../common/compare';
import { CalendarDate } from '../common/dates/calendar-date';
import { IsoWeek } from '../common/dates/iso-week';

// What one member's digest says, before it is rendered: plain data, so the rules are testable.
export interface DigestConsultation {
  id: string;
  title: string;
  organisation: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  areas: string[];
  audiences: string[];
}

export interface DigestChange extends DigestConsultation {
  change: 'NEW' | 'UPDATED';
}

export interface DigestConflict {
  id: string;
  kind: ConflictKind;
  severity: Severity;
  explanation: string;
  yours: { id: string; title: string };
  other: { id: string; title: string; organisation: string; contact: { name: string; email: string } | null } | null;
}

export interface DigestMilestone extends DigestConsultation {
  event: 'LAUNCHES' | 'CLOSES';
  on: CalendarDate;
}

export interface DigestHotSpot {
  area: string;
  audience: string;
  count: number;
  titles: string[];
}

export interface DigestContent {
  week: IsoWeek;
  member: { id: string; name: string; email: string; organisation: string; narrowed: boolean };
  changes: DigestChange[];
  /** How many more changes there were than are listed. */
  moreChanges: number;
  conflicts: DigestConflict[];
  /** All unresolved conflicts, of which the first MAX_CONFLICTS are listed. */
  conflictTotal: number;
  milestones: DigestMilestone[];
  moreMilestones: number;
  hotSpots: DigestHotSpot[];
}

/** Launches and closes within this many days of the digest's Monday are listed. */
export const MILESTONE_DAYS = 28;
export const MAX_CHANGES = 50;
export const MAX_CONFLICTS = 30;
export const MAX_MILESTONES = 40;
export const MAX_HOT_SPOTS = 5;

/** Nothing for this member this week: they get a short all-clear, or nothing, per preference. */
export function isAllClear(content: DigestContent): boolean {
  return content.changes.length === 0 && content.conflicts.length === 0 && content.milestones.length === 0;
}

/** Launches and closes in date order, a consultation that does both listed twice. */
export function milestonesOf(consultations: DigestConsultation[], from: CalendarDate, to: CalendarDate): DigestMilestone[] {
  const events: DigestMilestone[] = [];
  for (const c of consultations) {
    if (c.startDate >= from && c.startDate <= to) events.push({ ...c, event: 'LAUNCHES', on: c.startDate });
    if (c.endDate >= from && c.endDate <= to) events.push({ ...c, event: 'CLOSES', on: c.endDate });
  }
  const order = (m: DigestMilestone) => `${m.on} ${m.event === 'LAUNCHES' ? 0 : 1} ${m.title}`;
  return events.map((e) => [order(e), e] as const).sort(([a], [b]) => compareCodeUnits(a, b)).map(([, e]) => e);
}
