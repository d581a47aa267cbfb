import { CONFLICT_KINDS, ConflictKind, Severity, SEVERITIES } from './clash-rules';

// A planning form's view of a check: at national scale a county-wide plan for everyone meets
// thousands of consultations, and an officer needs how many and how bad, then the worst few.

/** How many a summary lists unless asked otherwise: a form's worth. */
export const DEFAULT_SUMMARY_FIRST = 25;
/** The most a summary lists; checkConsultation answers with all of them. */
export const MAX_SUMMARY_FIRST = 1000;

export interface CheckSummary<T> {
  total: number;
  /** HIGH, MEDIUM, LOW in that order, none left out. */
  bySeverity: { severity: Severity; count: number }[];
  /** OVERLAP, DUPLICATE, FATIGUE, BLACKOUT, PROTECTED, ADVICE in that order, none left out. */
  byKind: { kind: ConflictKind; count: number }[];
  /** The first `first`, in the check's own order: most severe first, then by date. */
  conflicts: T[];
}

export function summarise<T extends { kind: ConflictKind; severity: Severity }>(conflicts: readonly T[], first: number): CheckSummary<T> {
  const severities = new Map<Severity, number>(SEVERITIES.map((severity) => [severity, 0]));
  const kinds = new Map<ConflictKind, number>(CONFLICT_KINDS.map((kind) => [kind, 0]));
  for (const { kind, severity } of conflicts) {
    severities.set(severity, severities.get(severity)! + 1);
    kinds.set(kind, kinds.get(kind)! + 1);
  }
  return {
    total: conflicts.length,
    bySeverity: [...severities].map(([severity, count]) => ({ severity, count })),
    byKind: [...kinds].map(([kind, count]) => ({ kind, count })),
    conflicts: conflicts.slice(0, first),
  };
}
