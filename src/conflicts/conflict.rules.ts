import { addDays, CalendarDate, daysBetween, maxDate, minDate } from '../common/dates/calendar-date';
import { HierarchyNode, intersection } from '../common/hierarchy/hierarchy.rules';
import { ClashRules, ConflictKind, Severity, severityRank } from './clash-rules';
import { describeConflict } from './conflict.explain';

// Pure clash rules: no database, no framework. The database has already narrowed the register
// to candidates that may share territory and audience; these functions decide, grade and explain.

export interface PlanFacts {
  id?: string;
  title: string;
  organisationName: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  channels: readonly string[];
  topics: readonly string[];
  /** The plan's area building blocks (composites expanded), each with its lineage. */
  areas: readonly HierarchyNode[];
  audiences: readonly HierarchyNode[];
}

export interface CandidateFacts extends PlanFacts {
  id: string;
  /** pg_trgm similarity of the titles or summaries, whichever is higher (0–1); it may read 0 when it is below the similarity threshold (see CANDIDATES_SQL). */
  textSimilarity: number;
}

export interface BlackoutFacts {
  id: string;
  name: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  severity: Severity;
  /** Empty: every area. */
  areas: readonly HierarchyNode[];
  /** Empty: every audience. */
  audiences: readonly HierarchyNode[];
}

export interface Names {
  area(id: string): string;
  audience(id: string): string;
  isPanel(audienceId: string): boolean;
}

export interface Finding {
  kind: ConflictKind;
  severity: Severity;
  otherId: string | null;
  blackoutId: string | null;
  /** FATIGUE: the other consultations in the busiest window. */
  relatedIds: string[];
  sharedAreaIds: string[];
  sharedAudienceIds: string[];
  sharedChannels: string[];
  sharedTopics: string[];
  overlapStart: CalendarDate | null;
  overlapEnd: CalendarDate | null;
  /** From the plan's side: names the other consultation. */
  explanation: string;
  /** The same conflict told from the other consultation's side, when asked for (stored conflicts show it there). */
  otherExplanation: string | null;
}

export interface FindOptions {
  /** Also tell each pair from the other consultation's side (otherExplanation): only kept conflicts need it. */
  otherSide?: boolean;
}

export function findConflicts(
  plan: PlanFacts,
  candidates: readonly CandidateFacts[],
  blackouts: readonly BlackoutFacts[],
  rules: ClashRules,
  names: Names,
  { otherSide = true }: FindOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  const reaching: CandidateFacts[] = [];
  // Both must use the panel: asking all residents is not running the Citizens' Panel.
  const planPanels = plan.audiences.map((a) => a.id).filter((id) => names.isPanel(id));
  for (const other of candidates) {
    if (other.id === plan.id) continue;
    const sharedAreaIds = intersection(plan.areas, other.areas);
    const sharedAudienceIds = intersection(plan.audiences, other.audiences);
    if (!sharedAreaIds.length || !sharedAudienceIds.length) continue;
    reaching.push(other);
    const shared = { sharedAreaIds, sharedAudienceIds, sharedChannels: common(plan.channels, other.channels), sharedTopics: common(plan.topics, other.topics) };
    const overlap = overlapOf(plan, other);
    const gap = gapBetween(plan, other);
    const similar = shared.sharedTopics.length > 0 || other.textSimilarity >= rules.similarityThreshold;
    const panels = planPanels.length ? common(planPanels, other.audiences.map((a) => a.id)) : [];
    if (overlap || gap <= rules.gapDays) {
      const sharpened = overlap && (panels.length > 0 || shared.sharedChannels.length > 0 || similar);
      const severity = !overlap ? rules.severity.nearMiss : sharpened ? rules.severity.sharpOverlap : rules.severity.overlap;
      findings.push(pairFinding('OVERLAP', severity, plan, other, { ...shared, panels }, overlap, gap, names, otherSide));
    }
    if (similar && gap <= rules.lookAroundDays) {
      const severity = overlap ? rules.severity.duplicateOverlapping : rules.severity.duplicate;
      findings.push(pairFinding('DUPLICATE', severity, plan, other, { ...shared, panels }, overlap, gap, names, otherSide));
    }
  }
  const fatigue = fatigueFinding(plan, reaching, rules, names);
  if (fatigue) findings.push(fatigue);
  for (const blackout of blackouts) {
    const finding = blackoutFinding(plan, blackout, names);
    if (finding) findings.push(finding);
  }
  return sortFindings(findings, new Map(candidates.map((c) => [c.id, c.startDate])));
}

type Shared = Pick<Finding, 'sharedAreaIds' | 'sharedAudienceIds' | 'sharedChannels' | 'sharedTopics'>;
type PairShared = Shared & { panels: string[] };
type Overlap = { start: CalendarDate; end: CalendarDate } | null;

function pairFinding(kind: ConflictKind, severity: Severity, plan: PlanFacts, other: CandidateFacts, { panels, ...shared }: PairShared, overlap: Overlap, gap: number, names: Names, otherSide: boolean): Finding {
  const facts = { kind, shared, panels, overlap, gap, names };
  return {
    kind,
    severity,
    otherId: other.id,
    blackoutId: null,
    relatedIds: [],
    ...shared,
    overlapStart: overlap?.start ?? null,
    overlapEnd: overlap?.end ?? null,
    explanation: describeConflict({ ...facts, other: { title: other.title, organisationName: other.organisationName } }),
    otherExplanation: otherSide ? describeConflict({ ...facts, other: { title: plan.title, organisationName: plan.organisationName } }) : null,
  };
}

/**
 * More than `fatigueThreshold` consultations (this one included) reaching the same area and
 * audience within some rolling window of `fatigueWindowDays` that contains part of this plan.
 */
export function busiestWindow(plan: PlanFacts, others: readonly CandidateFacts[], windowDays: number): { start: CalendarDate; end: CalendarDate; ids: string[] } | null {
  // As the window slides, the count only rises where its last day reaches a consultation's
  // start, so the earliest window and those ending on some start date are the only ones to try.
  const starts = [...new Set([plan.startDate, ...others.map((c) => c.startDate)].map((d) => addDays(d, -(windowDays - 1))))].sort();
  // The windows are tried in order, so two pointers count what has started by each window's
  // end and what has ended before its start: one pass, however many consultations reach it.
  const startDates = others.map((c) => c.startDate).sort();
  const endDates = others.map((c) => c.endDate).sort();
  let started = 0;
  let ended = 0;
  let best: { start: CalendarDate; end: CalendarDate; count: number } | null = null;
  for (const start of starts) {
    const end = addDays(start, windowDays - 1);
    while (started < startDates.length && startDates[started] <= end) started++;
    while (ended < endDates.length && endDates[ended] < start) ended++;
    if (end < plan.startDate || start > plan.endDate) continue;
    if (!best || started - ended > best.count) best = { start, end, count: started - ended };
  }
  if (!best) return null;
  const { start, end } = best;
  return { start, end, ids: others.filter((c) => c.startDate <= end && c.endDate >= start).map((c) => c.id) };
}

function fatigueFinding(plan: PlanFacts, reaching: readonly CandidateFacts[], rules: ClashRules, names: Names): Finding | null {
  const window = busiestWindow(plan, reaching, rules.fatigueWindowDays);
  if (!window || window.ids.length + 1 <= rules.fatigueThreshold) return null;
  const inWindow = new Set(window.ids);
  const others = reaching.filter((c) => inWindow.has(c.id)).sort((a, b) => compare(a.startDate, b.startDate) || compare(a.id, b.id));
  const sharedAreaIds = [...new Set(others.flatMap((o) => intersection(plan.areas, o.areas)))].sort();
  const sharedAudienceIds = [...new Set(others.flatMap((o) => intersection(plan.audiences, o.audiences)))].sort();
  const start = maxDate(window.start, plan.startDate);
  const end = minDate(window.end, plan.endDate);
  return {
    kind: 'FATIGUE',
    severity: rules.severity.fatigue,
    otherId: null,
    blackoutId: null,
    relatedIds: others.map((o) => o.id),
    sharedAreaIds,
    sharedAudienceIds,
    sharedChannels: [],
    sharedTopics: [],
    overlapStart: start,
    overlapEnd: end,
    explanation: describeConflict({
      kind: 'FATIGUE',
      shared: { sharedAreaIds, sharedAudienceIds, sharedChannels: [], sharedTopics: [] },
      overlap: { start, end },
      gap: 0,
      names,
      fatigue: { count: others.length + 1, windowDays: rules.fatigueWindowDays, others: others.map((o) => ({ title: o.title, organisationName: o.organisationName })) },
    }),
    otherExplanation: null,
  };
}

function blackoutFinding(plan: PlanFacts, blackout: BlackoutFacts, names: Names): Finding | null {
  const overlap = overlapOf(plan, blackout);
  if (!overlap) return null;
  const sharedAreaIds = blackout.areas.length ? intersection(plan.areas, blackout.areas) : plan.areas.map((a) => a.id);
  const sharedAudienceIds = blackout.audiences.length ? intersection(plan.audiences, blackout.audiences) : plan.audiences.map((a) => a.id);
  if (!sharedAreaIds.length || !sharedAudienceIds.length) return null;
  const shared = { sharedAreaIds, sharedAudienceIds, sharedChannels: [], sharedTopics: [] };
  return {
    kind: 'BLACKOUT',
    severity: blackout.severity,
    otherId: null,
    blackoutId: blackout.id,
    relatedIds: [],
    ...shared,
    overlapStart: overlap.start,
    overlapEnd: overlap.end,
    explanation: describeConflict({
      kind: 'BLACKOUT',
      shared,
      overlap,
      gap: 0,
      names,
      blackout: { name: blackout.name, everywhere: !blackout.areas.length, everyone: !blackout.audiences.length },
    }),
    otherExplanation: null,
  };
}

export function overlapOf(a: { startDate: CalendarDate; endDate: CalendarDate }, b: { startDate: CalendarDate; endDate: CalendarDate }): Overlap {
  const start = maxDate(a.startDate, b.startDate);
  const end = minDate(a.endDate, b.endDate);
  return start <= end ? { start, end } : null;
}

/** Whole days strictly between two windows (0 when they touch or overlap). */
export function gapBetween(a: { startDate: CalendarDate; endDate: CalendarDate }, b: { startDate: CalendarDate; endDate: CalendarDate }): number {
  if (overlapOf(a, b)) return 0;
  return a.endDate < b.startDate ? daysBetween(a.endDate, b.startDate) - 1 : daysBetween(b.endDate, a.startDate) - 1;
}

// Channels, topics and panels come a few at a time: scanning beats building sets.
function common(a: readonly string[], b: readonly string[]): string[] {
  const shared: string[] = [];
  for (const x of a) if (b.includes(x) && !shared.includes(x)) shared.push(x);
  return shared.length > 1 ? shared.sort() : shared;
}

const KIND_ORDER: Record<ConflictKind, number> = { OVERLAP: 0, DUPLICATE: 1, FATIGUE: 2, BLACKOUT: 3 };

/** Severity, then the date the clash starts, then kind, then a stable id: the same data gives the same list. */
export function sortFindings<T extends Pick<Finding, 'severity' | 'overlapStart' | 'kind' | 'otherId' | 'blackoutId'>>(findings: T[], otherStarts = new Map<string, CalendarDate>()): T[] {
  const startOf = (f: T) => f.overlapStart ?? (f.otherId ? otherStarts.get(f.otherId) : undefined) ?? '9999-12-31';
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compare(startOf(a), startOf(b)) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      compare(a.otherId ?? a.blackoutId ?? '', b.otherId ?? b.blackoutId ?? ''),
  );
}

// ISO dates and lower-case uuids sort by their characters, as PostgreSQL sorts uuids; collation
// (localeCompare) is slower by far and can order hyphens differently.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
