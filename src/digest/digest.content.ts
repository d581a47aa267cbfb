import { countOpen, Groupable, groupClashes } from '../conflicts/clash-groups';
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

/**
 * A clash of one of the organisation's consultations that nobody has acknowledged: every HIGH or
 * MEDIUM conflict with one other consultation (or a FATIGUE or BLACKOUT conflict alone).
 */
export interface DigestConflict {
  ids: string[];
  kinds: ConflictKind[];
  /** The worst of them. */
  severity: Severity;
  /** Since the member's last digest: every conflict of it is new, or some are new or changed. */
  change: 'NEW' | 'CHANGED';
  explanations: string[];
  yours: { id: string; title: string };
  other: { id: string; title: string; organisation: string; contact: { name: string; email: string } | null } | null;
}

/** One open HIGH or MEDIUM conflict as the composer reads it, told from the organisation's side. */
export interface DigestConflictRow extends Groupable {
  explanation: string;
  isNew: boolean;
  isChanged: boolean;
  ownTitle: string;
  otherTitle: string | null;
  otherOrganisation: string | null;
  contactName: string | null;
  contactEmail: string | null;
}

export interface DigestMilestone extends DigestConsultation {
  event: 'LAUNCHES' | 'CLOSES';
  on: CalendarDate;
}

/** One of the organisation's closed consultations whose response is due soon or overdue. */
export interface DigestResponseDue extends DigestConsultation {
  dueDate: CalendarDate;
  overdue: boolean;
}

/** A request to join one of the organisation's consultations, waiting for its answer (answerJoinRequest). */
export interface DigestJoinRequest {
  id: string;
  consultationId: string;
  title: string;
  /** The organisation asking (or the partner). */
  asking: string;
  /** The consultation's owner. */
  owner: string;
  note: string;
  requestedAt: Date;
  /** PENDING (waiting for the member's organisation to answer), or how it ended since the last digest. */
  status: 'PENDING' | 'WITHDRAWN' | 'LEFT' | 'REMOVED';
  /** The note given on ending it. */
  endNote: string | null;
}

/** For coordinators: a plan awaiting their agreement before launch (network review, reviewConsultation). */
export interface DigestReview {
  consultationId: string;
  title: string;
  organisation: string;
  startDate: CalendarDate;
  /** Changes were asked for and the plan has not been edited since. */
  changesRequested: boolean;
  /** Why it needs agreement, a sentence each. */
  reasons: string[];
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
  /** The open clashes new or changed since the last digest, the worst first, at most MAX_CONFLICTS. */
  conflicts: DigestConflict[];
  /** Every open clash (HIGH or MEDIUM, unacknowledged), listed or not: the headline. LOW is never counted. */
  openClashes: { high: number; medium: number };
  milestones: DigestMilestone[];
  moreMilestones: number;
  hotSpots: DigestHotSpot[];
  /** The organisation's closed consultations whose response is overdue or due within DUE_SOON_DAYS, the longest overdue first. */
  responsesDue: DigestResponseDue[];
  /** Requests to join the organisation's consultations still waiting for an answer, the oldest first; then those
   * withdrawn and partnerships left (the owner's side) or ended by the owner (the partner's side) since the last digest. */
  joinRequests: DigestJoinRequest[];
  /** For coordinators, the plans awaiting their agreement before launch, the soonest start first (empty for others). */
  reviews: DigestReview[];
}

/** Launches and closes within this many days of the digest's Monday are listed. */
export const MILESTONE_DAYS = 28;
export const MAX_CHANGES = 50;
export const MAX_CONFLICTS = 30;
export const MAX_MILESTONES = 40;
export const MAX_HOT_SPOTS = 5;
export const MAX_RESPONSES_DUE = 30;
export const MAX_JOIN_REQUESTS = 30;
export const MAX_REVIEWS = 30;

/** Nothing for this member this week: they get a short all-clear, or nothing, per preference. */
export function isAllClear(content: DigestContent): boolean {
  return content.changes.length === 0 && openClashCount(content) === 0 && content.milestones.length === 0 && content.responsesDue.length === 0 && content.joinRequests.length === 0 && content.reviews.length === 0;
}

export const openClashCount = (content: Pick<DigestContent, 'openClashes'>) => content.openClashes.high + content.openClashes.medium;

/**
 * The organisation's open HIGH and MEDIUM conflicts as clashes, one per other consultation:
 * all counted, and those new or changed since the last digest listed, so that a clash nobody
 * has touched is not told again every week (the Clashes page keeps the whole list).
 */
export function clashesOf(rows: readonly DigestConflictRow[]): Pick<DigestContent, 'conflicts' | 'openClashes'> {
  const groups = groupClashes(rows);
  const { high, medium } = countOpen(groups);
  const fresh = groups.filter((g) => g.conflicts.some((c) => c.isNew || c.isChanged));
  return {
    conflicts: fresh.slice(0, MAX_CONFLICTS).map(({ conflicts, kinds, severity }) => {
      const [first] = conflicts;
      return {
        ids: conflicts.map((c) => c.id),
        kinds,
        severity,
        change: conflicts.every((c) => c.isNew) ? 'NEW' : 'CHANGED',
        explanations: conflicts.map((c) => c.explanation),
        yours: { id: first.consultationId, title: first.ownTitle },
        other: first.otherId
          ? { id: first.otherId, title: first.otherTitle!, organisation: first.otherOrganisation!, contact: first.contactEmail ? { name: first.contactName!, email: first.contactEmail } : null }
          : null,
      };
    }),
    openClashes: { high, medium },
  };
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
