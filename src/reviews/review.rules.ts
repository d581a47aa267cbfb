import { CalendarDate } from '../common/dates/calendar-date';

// Network review, pure: which plans need the coordinator's agreement before launch, why, and
// whether a decision already made still stands. No Nest, no TypeORM (see review-facts.ts for the reads).

export const REVIEW_REASON_KINDS = ['PANEL_USE', 'UNACKNOWLEDGED_HIGH'] as const;
export type ReviewReasonKind = (typeof REVIEW_REASON_KINDS)[number];

/**
 * NOT_NEEDED: nothing in the settings asks for review. AWAITING: not reviewed, or the plan has
 * changed since so that the decision no longer covers it. CHANGES_REQUESTED: the coordinator asked
 * for changes and the plan has not been edited since. AGREED: it may launch.
 */
export const REVIEW_STATUSES = ['NOT_NEEDED', 'AWAITING', 'CHANGES_REQUESTED', 'AGREED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The settings REVIEW_PANEL_USE and REVIEW_UNACKNOWLEDGED_HIGH. */
export interface ReviewSettings {
  panelUse: boolean;
  unacknowledgedHigh: boolean;
}

/** What the rules read of one plan. */
export interface ReviewFacts {
  startDate: CalendarDate;
  endDate: CalendarDate;
  /** The plan's edits so far: a request for changes stands until the next one. */
  version: number;
  /** The ALL_ASKED audiences it asks (itself or a part of one), by name. */
  allAsked: { id: string; name: string }[];
  /** Its unacknowledged HIGH clashes, one per other consultation (or blackout period, or load on the people it asks). */
  highClashes: { key: string; name: string }[];
}

export interface ReviewReason {
  kind: ReviewReasonKind;
  explanation: string;
  /** What an agreement to it covers: a later plan that needs anything else needs agreement again. */
  basis: string[];
}

/** A coordinator's decision as kept. */
export interface ReviewDecision {
  agree: boolean;
  note: string;
  basis: string[];
  consultationVersion: number;
  reviewedAt: Date;
  reviewedById: string;
}

export function reviewReasons(settings: ReviewSettings, facts: ReviewFacts): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (settings.panelUse && facts.allAsked.length) {
    reasons.push({
      kind: 'PANEL_USE',
      explanation: `It asks ${listed(facts.allAsked.map((a) => a.name))}, where every member is asked: the network agrees each use before launch, so that one panel is not asked twice at once (REVIEW_PANEL_USE).`,
      // An agreement is for these audiences in this window: moved, it is a different ask of them.
      basis: facts.allAsked.map((a) => `PANEL_USE:${a.id}:${facts.startDate}/${facts.endDate}`),
    });
  }
  if (settings.unacknowledgedHigh && facts.highClashes.length) {
    const n = facts.highClashes.length;
    reasons.push({
      kind: 'UNACKNOWLEDGED_HIGH',
      explanation: `${n === 1 ? 'A HIGH clash is' : `${n} HIGH clashes are`} unacknowledged (${listed(facts.highClashes.map((c) => c.name))}): the network's coordinator may agree to its launch over ${n === 1 ? 'it' : 'them'}, or each can be acknowledged (REVIEW_UNACKNOWLEDGED_HIGH).`,
      basis: facts.highClashes.map((c) => `UNACKNOWLEDGED_HIGH:${c.key}`),
    });
  }
  return reasons;
}

/**
 * Where a plan stands. An agreement covers the plan while everything that needs review now was
 * covered then (a clash gone or an audience dropped needs nothing new; a new clash, another panel
 * or other dates do). A request for changes stands until the plan is edited, then it waits again.
 */
export function reviewStatus(reasons: readonly ReviewReason[], version: number, latest: ReviewDecision | null): ReviewStatus {
  if (!reasons.length) return 'NOT_NEEDED';
  if (!latest) return 'AWAITING';
  if (!latest.agree) return latest.consultationVersion === version ? 'CHANGES_REQUESTED' : 'AWAITING';
  const covered = new Set(latest.basis);
  return reasons.every((r) => r.basis.every((b) => covered.has(b))) ? 'AGREED' : 'AWAITING';
}

export function basisOf(reasons: readonly ReviewReason[]): string[] {
  return reasons.flatMap((r) => r.basis);
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
