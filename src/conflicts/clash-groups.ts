import { compareCodeUnits } from '../common/compare';
import { ConflictKind, Severity, SEVERITIES } from './clash-rules';

// Triage: an officer acts on a clash with another consultation, not on each reason for it. The
// conflicts of one consultation with the same other one make one group (an OVERLAP and a
// DUPLICATE of the same pair are one clash); a FATIGUE or BLACKOUT conflict, which has no other
// consultation, is a group of its own. Counts officers see are of groups, never of rows.

/** What grouping reads of a conflict: its kept row, or one worked out for a draft. */
export interface Groupable {
  id: string;
  kind: ConflictKind;
  severity: Severity;
  /** The side it is told from: one consultation's clashes, or many (the digest's). */
  consultationId: string;
  otherId: string | null;
  overlapStart: string | null;
  acknowledgement: unknown;
}

export interface ClashGroup<T extends Groupable> {
  consultationId: string;
  /** The other consultation; null for a FATIGUE or BLACKOUT conflict (a group of one). */
  otherId: string | null;
  /** The worst severity among its unacknowledged conflicts; when every one is acknowledged, among all. */
  severity: Severity;
  /** Every one of its conflicts is acknowledged. */
  settled: boolean;
  /** Its conflicts' kinds, each once, in the order they are listed. */
  kinds: ConflictKind[];
  /** In the order given (the documented one: severity, first shared day, kind). */
  conflicts: T[];
}

export interface OpenCounts {
  high: number;
  medium: number;
  low: number;
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
const worst = (severities: Severity[]) => severities.reduce((a, b) => (rank(b) < rank(a) ? b : a));

/**
 * The conflicts grouped by the consultation they are told from and the other one. Open groups
 * come first, the worst first, then by their first shared day (none: last), then by the other
 * consultation's id, so the same conflicts always give the same list.
 */
export function groupClashes<T extends Groupable>(conflicts: readonly T[]): ClashGroup<T>[] {
  const byKey = new Map<string, T[]>();
  for (const c of conflicts) {
    const key = `${c.consultationId}|${c.otherId ?? `:${c.id}`}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const groups = [...byKey.values()].map((members): ClashGroup<T> => {
    const open = members.filter((c) => !c.acknowledgement);
    return {
      consultationId: members[0].consultationId,
      otherId: members[0].otherId,
      severity: worst((open.length ? open : members).map((c) => c.severity)),
      settled: open.length === 0,
      kinds: [...new Set(members.map((c) => c.kind))],
      conflicts: members,
    };
  });
  const keyOf = (g: ClashGroup<T>) => ({
    settled: g.settled ? 1 : 0,
    rank: rank(g.severity),
    start: g.conflicts.map((c) => c.overlapStart ?? '9999-12-31').sort()[0],
    id: `${g.consultationId}|${g.otherId ?? g.conflicts[0].id}`,
  });
  const keyed = groups.map((group) => ({ group, key: keyOf(group) }));
  keyed.sort(({ key: a }, { key: b }) => a.settled - b.settled || a.rank - b.rank || compareCodeUnits(a.start, b.start) || compareCodeUnits(a.id, b.id));
  return keyed.map(({ group }) => group);
}

/** The groups not yet settled, by their worst unacknowledged severity: what badges and headlines count. */
export function countOpen(groups: readonly ClashGroup<Groupable>[]): OpenCounts {
  const counts: OpenCounts = { high: 0, medium: 0, low: 0 };
  for (const g of groups) if (!g.settled) counts[g.severity.toLowerCase() as keyof OpenCounts]++;
  return counts;
}
