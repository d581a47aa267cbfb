import { addDays, addMonths, CalendarDate, maxDate, minDate } from '../common/dates/calendar-date';
import type { Channel } from '../consultations/consultation.entity';

// The settings every clash rule reads. Defaults follow the network's agreed practice; each can be
// changed through the environment (see src/config/app-config.ts and the README's "Clash rules").

/**
 * ADVICE: a good-practice check of the plan alone (advice.rules.ts), never blocking, only in checks; the others are clashes.
 * PROTECTED: a plan reaching the people of a consultation a coordinator protected (protectConsultation), within its window widened.
 */
export const CONFLICT_KINDS = ['OVERLAP', 'DUPLICATE', 'FATIGUE', 'BLACKOUT', 'PROTECTED', 'ADVICE'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whom a channel meets: PERSONAL meets people (the same people met twice is a burden), BROADCAST publishes (sharing one says nothing). */
export const CHANNEL_KINDS = ['PERSONAL', 'BROADCAST'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND: Readonly<Record<Channel, ChannelKind>> = {
  FOCUS_GROUP: 'PERSONAL',
  PUBLIC_MEETING: 'PERSONAL',
  DROP_IN: 'PERSONAL',
  STREET_OUTREACH: 'PERSONAL',
  TELEPHONE: 'PERSONAL',
  SCHOOLS: 'PERSONAL',
  PANEL_SURVEY: 'PERSONAL',
  ONLINE_SURVEY: 'BROADCAST',
  POSTAL_SURVEY: 'BROADCAST',
  SOCIAL_MEDIA: 'BROADCAST',
};

export function isPersonal(channel: string): boolean {
  return CHANNEL_KIND[channel as Channel] === 'PERSONAL';
}

export interface ClashRules {
  /** Windows this many days apart or fewer still count as an OVERLAP (a near miss). */
  gapDays: number;
  /** DUPLICATE looks this many days either side of the window. */
  lookAroundDays: number;
  /**
   * Beyond that, a DUPLICATE still finds an earlier consultation with findings recorded (CLOSED or
   * REPORTED) that closed within this many calendar months before the later one starts: a reuse
   * hint, graded `severity.duplicateReported` (FINDINGS_LOOKAROUND_MONTHS).
   */
  findingsLookAroundMonths: number;
  /** FATIGUE when more than this many consultations (this one included) reach the same people… */
  fatigueThreshold: number;
  /** …within any rolling window of this many days that contains part of this one. */
  fatigueWindowDays: number;
  /**
   * Two plans are on a similar topic when the distinctive words they share score this much, one of
   * them in both titles: each shared word scores ln(register size ÷ consultations using it), twice
   * when it is in both titles.
   */
  similarityThreshold: number;
  /** A word used by more than this share of the register is the network's boilerplate, not a topic… */
  commonWordShare: number;
  /** …once this many consultations use it (a young register has no boilerplate yet). */
  commonWordMinimum: number;
  /** Between two plans of one body, a word used by more than this share of its own consultations is its house style, not a topic. */
  houseStyleShare: number;
  severity: {
    /** Overlapping, and both ask the same ALL_ASKED audience (a panel, the parish councils). */
    allAsked: Severity;
    /** Overlapping, a shared GROUP, both meeting it in person in a district or smaller. */
    groupInPerson: Severity;
    /** Overlapping, a shared GROUP. */
    group: Severity;
    /** Overlapping, only GENERAL audiences shared, both using the same personal channel in a district or smaller. */
    generalInPerson: Severity;
    /** Overlapping, only GENERAL audiences shared. */
    general: Severity;
    /** Not overlapping, only within the gap. */
    nearMiss: Severity;
    /** Not overlapping, within the gap, the same ALL_ASKED audience. */
    allAskedNearMiss: Severity;
    /** A similar topic with overlapping dates. */
    duplicateOverlapping: Severity;
    /** A similar topic within the look-around, dates apart. */
    duplicate: Severity;
    /** A similar topic beyond the look-around, within the findings look-around of an earlier one with findings. */
    duplicateReported: Severity;
    fatigue: Severity;
    /** Within the protected window of another consultation reaching the same people (PROTECTED). */
    protected: Severity;
  };
}

/** A protected consultation's window is its own dates widened by these days before and after (protectConsultation). */
export interface Protection {
  daysBefore: number;
  daysAfter: number;
}

/** The most days a protection widens a window by on either side: candidates are looked for that far. */
export const MAX_PROTECTION_DAYS = 90;

export const DEFAULT_CLASH_RULES: ClashRules = {
  gapDays: 14,
  lookAroundDays: 365,
  findingsLookAroundMonths: 24,
  fatigueThreshold: 3,
  fatigueWindowDays: 28,
  similarityThreshold: 12,
  commonWordShare: 0.1,
  commonWordMinimum: 5,
  houseStyleShare: 0.3,
  severity: {
    allAsked: 'HIGH',
    groupInPerson: 'HIGH',
    group: 'MEDIUM',
    generalInPerson: 'MEDIUM',
    general: 'LOW',
    nearMiss: 'LOW',
    allAskedNearMiss: 'MEDIUM',
    duplicateOverlapping: 'HIGH',
    duplicate: 'MEDIUM',
    duplicateReported: 'LOW',
    fatigue: 'MEDIUM',
    protected: 'HIGH',
  },
};

/** How far either side of a plan a candidate can be and still matter to these kinds of conflict. */
export function reachDays(rules: ClashRules, kinds: readonly ConflictKind[] = CONFLICT_KINDS): number {
  // PROTECTED reaches as far as a protection widens a window: see candidateRange and CANDIDATES_SQL.
  const days: Record<ConflictKind, number> = { OVERLAP: rules.gapDays, DUPLICATE: rules.lookAroundDays, FATIGUE: rules.fatigueWindowDays, BLACKOUT: 0, PROTECTED: 0, ADVICE: 0 };
  return Math.max(0, ...kinds.map((kind) => days[kind])) + 1;
}

/**
 * The days a plan's candidates can lie in: as far as its kinds reach, and for DUPLICATE back over
 * the findings look-around (a few days more than the months, which the rules count exactly), and
 * forward over it too when the plan has findings of its own (`planFindings`) a later plan may reuse.
 */
export function candidateRange(subject: { startDate: CalendarDate; endDate: CalendarDate }, rules: ClashRules, kinds: readonly ConflictKind[], planFindings = false): { first: CalendarDate; last: CalendarDate } {
  // A protected candidate up to MAX_PROTECTION_DAYS away can still reach the plan with its window.
  const reach = Math.max(reachDays(rules, kinds), kinds.includes('PROTECTED') ? MAX_PROTECTION_DAYS + 1 : 0);
  const [first, last] = [addDays(subject.startDate, -reach), addDays(subject.endDate, reach)];
  if (!kinds.includes('DUPLICATE')) return { first, last };
  return {
    first: minDate(first, addDays(addMonths(subject.startDate, -rules.findingsLookAroundMonths), -MONTH_SLACK_DAYS)),
    last: planFindings ? maxDate(last, addMonths(subject.endDate, rules.findingsLookAroundMonths)) : last,
  };
}

// A month back from the 31st lands on the 28th to 30th: the rules' exact count can reach a few days further.
const MONTH_SLACK_DAYS = 3;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The more severe of two. */
export function worse(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}
