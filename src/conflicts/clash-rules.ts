// The settings every clash rule reads. Defaults follow the network's agreed practice; each can be
// changed through the environment (see src/config/app-config.ts and the README's "Clash rules").

export const CONFLICT_KINDS = ['OVERLAP', 'DUPLICATE', 'FATIGUE', 'BLACKOUT'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ClashRules {
  /** Windows this many days apart or fewer still count as an OVERLAP (a near miss). */
  gapDays: number;
  /** DUPLICATE looks this many days either side of the window. */
  lookAroundDays: number;
  /** FATIGUE when more than this many consultations (this one included) reach the same people… */
  fatigueThreshold: number;
  /** …within any rolling window of this many days that contains part of this one. */
  fatigueWindowDays: number;
  /** pg_trgm similarity (0–1) of titles, or of summaries, from which two plans are on a similar topic. */
  similarityThreshold: number;
  severity: {
    /** Overlapping dates and a shared panel, a shared channel or a similar topic. */
    sharpOverlap: Severity;
    /** Overlapping dates. */
    overlap: Severity;
    /** Not overlapping, only within the gap. */
    nearMiss: Severity;
    /** A similar topic with overlapping dates. */
    duplicateOverlapping: Severity;
    /** A similar topic within the look-around, dates apart. */
    duplicate: Severity;
    fatigue: Severity;
  };
}

export const DEFAULT_CLASH_RULES: ClashRules = {
  gapDays: 14,
  lookAroundDays: 365,
  fatigueThreshold: 3,
  fatigueWindowDays: 28,
  similarityThreshold: 0.45,
  severity: {
    sharpOverlap: 'HIGH',
    overlap: 'MEDIUM',
    nearMiss: 'LOW',
    duplicateOverlapping: 'HIGH',
    duplicate: 'MEDIUM',
    fatigue: 'MEDIUM',
  },
};

/** How far either side of a plan a candidate can be and still matter to these kinds of conflict. */
export function reachDays(rules: ClashRules, kinds: readonly ConflictKind[] = CONFLICT_KINDS): number {
  const days: Record<ConflictKind, number> = { OVERLAP: rules.gapDays, DUPLICATE: rules.lookAroundDays, FATIGUE: rules.fatigueWindowDays, BLACKOUT: 0 };
  return Math.max(0, ...kinds.map((kind) => days[kind])) + 1;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
