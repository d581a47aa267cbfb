// The figures of a labelled year's "Scoring and metrics" (data/realistic-year-2027/README.md),
// from the conflicts a register keeps. Pure: bench/realism.ts reads the database, this counts.

export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Verdict = Severity | 'NONE';
export type Label = 'must-HIGH' | 'must-MEDIUM' | 'must-not-HIGH';

/** labels.json, as far as the scoring reads it. */
export interface Labels {
  pairs: { label: Label; a: string; b: string; category: string }[];
  fatigueClusters: { name: string; members: string[] }[];
}

/** A kept conflict, its consultations named by title (unique in a labelled year); no other for FATIGUE and BLACKOUT. */
export interface KeptConflict {
  kind: string;
  severity: Severity;
  title: string;
  otherTitle: string | null;
}

export interface Count {
  hit: number;
  of: number;
}

/** Nearest rank, every consultation counted, those with none as 0. */
export interface Distribution {
  median: number;
  p90: number;
  max: number;
}

export interface Miss {
  label: Label;
  verdict: Verdict;
  a: string;
  b: string;
  category: string;
}

export interface Realism {
  consultations: number;
  conflicts: number;
  mustHigh: Count;
  mustMedium: Count;
  falseHigh: Count;
  fatigueClusters: Count;
  fatigueMembers: Count;
  /** Per consultation, the other consultations it has a HIGH pair verdict with: what the checks judge. */
  highPairsPerConsultation: Distribution;
  /** Per consultation, its HIGH conflicts other than BLACKOUT, a pair's OVERLAP and DUPLICATE counted apart (the dataset README's "today"). */
  highConflictsPerConsultation: Distribution;
  withHigh: Count;
  /** Every kept conflict, BLACKOUT and FATIGUE included: kind → severity → count. */
  byKindAndSeverity: Record<string, Record<Severity, number>>;
  misses: Miss[];
  checks: { check: string; figure: string; pass: boolean }[];
}

const RANK: Record<Verdict, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

// What each label asks of a pair's verdict.
const MEETS: Record<Label, (verdict: Verdict) => boolean> = {
  'must-HIGH': (v) => v === 'HIGH',
  'must-MEDIUM': (v) => RANK[v] >= RANK.MEDIUM,
  'must-not-HIGH': (v) => v !== 'HIGH',
};

export function scoreRealism(labels: Labels, titles: readonly string[], conflicts: readonly KeptConflict[]): Realism {
  assertKnownTitles(labels, titles);
  const verdicts = pairVerdicts(conflicts);
  const verdictOf = (a: string, b: string): Verdict => verdicts.get(pairKey(a, b))?.severity ?? 'NONE';
  const judged = labels.pairs.map((pair) => ({ ...pair, verdict: verdictOf(pair.a, pair.b) }));
  const met = (label: Label): Count => {
    const pairs = judged.filter((p) => p.label === label);
    return { hit: pairs.filter((p) => MEETS[label](p.verdict)).length, of: pairs.length };
  };
  const mustNotHigh = met('must-not-HIGH');

  // The README: "each member must get a FATIGUE of at least MEDIUM" — its own FATIGUE conflict.
  const fatigued = new Set(conflicts.filter((c) => c.kind === 'FATIGUE' && RANK[c.severity] >= RANK.MEDIUM).map((c) => c.title));
  const clusters = labels.fatigueClusters.map((cluster) => cluster.members.every((m) => fatigued.has(m)));
  const members = labels.fatigueClusters.flatMap((cluster) => cluster.members);

  const highPairs = tally(titles, [...verdicts.values()].filter((v) => v.severity === 'HIGH').map((v) => v.titles));
  const highConflicts = tally(titles, conflicts.filter((c) => c.severity === 'HIGH' && c.kind !== 'BLACKOUT').map((c) => (c.otherTitle ? [c.title, c.otherTitle] : [c.title])));
  const withHigh = { hit: highPairs.filter((n) => n > 0).length, of: highPairs.length };

  const figures = {
    consultations: titles.length,
    conflicts: conflicts.length,
    mustHigh: met('must-HIGH'),
    mustMedium: met('must-MEDIUM'),
    falseHigh: { hit: mustNotHigh.of - mustNotHigh.hit, of: mustNotHigh.of },
    fatigueClusters: { hit: clusters.filter(Boolean).length, of: clusters.length },
    fatigueMembers: { hit: members.filter((m) => fatigued.has(m)).length, of: members.length },
    highPairsPerConsultation: distribution(highPairs),
    highConflictsPerConsultation: distribution(highConflicts),
    withHigh,
    byKindAndSeverity: byKindAndSeverity(conflicts),
    misses: judged.filter((p) => !MEETS[p.label](p.verdict)).map(({ label, verdict, a, b, category }) => ({ label, verdict, a, b, category })),
  };
  return { ...figures, checks: checks(figures) };
}

/** The policy's yardstick (PRODUCT.md, issue 33): the labelled checks, then the volume checks; each with the figure it judged. */
function checks(f: Omit<Realism, 'checks'>): Realism['checks'] {
  const all = ({ hit, of }: Count) => ({ figure: `${hit} / ${of}`, pass: hit === of });
  const { median, p90 } = f.highPairsPerConsultation;
  return [
    { check: 'every must-HIGH pair is HIGH', ...all(f.mustHigh) },
    { check: 'every must-MEDIUM pair is MEDIUM or above', ...all(f.mustMedium) },
    { check: 'no must-not-HIGH pair is HIGH', figure: `${f.falseHigh.hit} / ${f.falseHigh.of} HIGH`, pass: f.falseHigh.hit === 0 },
    { check: 'every FATIGUE cluster member has a FATIGUE of MEDIUM or above', ...all(f.fatigueMembers) },
    { check: 'median HIGH per consultation ≤ 1', figure: String(median), pass: median <= 1 },
    { check: '90th percentile HIGH per consultation ≤ 3', figure: String(p90), pass: p90 <= 3 },
    { check: 'at most 25% of consultations with any HIGH', figure: `${f.withHigh.hit} / ${f.withHigh.of}`, pass: f.withHigh.hit <= 0.25 * f.withHigh.of },
  ];
}

/** The highest severity of any OVERLAP or DUPLICATE between two consultations, either side, by pairKey. */
function pairVerdicts(conflicts: readonly KeptConflict[]): Map<string, { titles: [string, string]; severity: Severity }> {
  const verdicts = new Map<string, { titles: [string, string]; severity: Severity }>();
  for (const c of conflicts) {
    if (c.otherTitle === null || c.kind === 'BLACKOUT') continue;
    const key = pairKey(c.title, c.otherTitle);
    const before = verdicts.get(key);
    if (!before || RANK[c.severity] > RANK[before.severity]) verdicts.set(key, { titles: [c.title, c.otherTitle], severity: c.severity });
  }
  return verdicts;
}

/** The same for (a, b) and (b, a). */
function pairKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/** How many of the groups name each title, sorted: every title counted, those in none as 0. */
function tally(titles: readonly string[], groups: readonly (readonly string[])[]): number[] {
  const counts = new Map(titles.map((t) => [t, 0]));
  for (const group of groups) for (const title of group) counts.set(title, counts.get(title)! + 1);
  return [...counts.values()].sort((x, y) => x - y);
}

function distribution(sorted: readonly number[]): Distribution {
  return { median: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), max: sorted.at(-1) ?? 0 };
}

/** Nearest rank: the smallest value with at least p% of the values at or below it. */
export function nearestRank(sorted: readonly number[], percent: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)];
}

function byKindAndSeverity(conflicts: readonly KeptConflict[]): Record<string, Record<Severity, number>> {
  const table: Record<string, Record<Severity, number>> = {};
  for (const c of conflicts) {
    table[c.kind] ??= { HIGH: 0, MEDIUM: 0, LOW: 0 };
    table[c.kind][c.severity]++;
  }
  return table;
}

// A label naming a consultation the import did not keep would silently count as NONE.
function assertKnownTitles(labels: Labels, titles: readonly string[]): void {
  const known = new Set(titles);
  if (known.size !== titles.length) throw new Error('Two consultations share a title: labels cannot tell them apart');
  const named = [...labels.pairs.flatMap((p) => [p.a, p.b]), ...labels.fatigueClusters.flatMap((c) => c.members)];
  const unknown = [...new Set(named.filter((t) => !known.has(t)))];
  if (unknown.length) throw new Error(`labels.json names consultations the register does not have: ${unknown.map((t) => `"${t}"`).join(', ')}`);
}
