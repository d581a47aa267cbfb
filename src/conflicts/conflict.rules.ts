import { compareCodeUnits } from '../common/compare';
import { addDays, addMonths, CalendarDate, dateOfDay, dayNumber, daysBetween, maxDate, minDate } from '../common/dates/calendar-date';
import { HierarchyNode, intersection, prepareSelection } from '../common/hierarchy/hierarchy.rules';
import type { AudienceReach } from '../audiences/audience.entity';
import { ClashRules, ConflictKind, isPersonal, Protection, Severity, severityRank } from './clash-rules';
import type { AdviceRule } from './advice.rules';
import { describeConflict } from './conflict.explain';
import { Steps, unpaced } from '../common/deadline/pacer';
import { listUnder } from '../common/lists';

// Pure clash rules: no database, no framework. The database has already narrowed the register
// to candidates that may share territory and audience; these functions decide, grade and explain.

export interface PlanFacts {
  id?: string;
  title: string;
  organisationName: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  /** Names the words a DUPLICATE shares; absent, the words are named as stems. */
  summary?: string;
  channels: readonly string[];
  topics: readonly string[];
  /** The plan's area building blocks (composites expanded), each with its lineage. */
  areas: readonly HierarchyNode[];
  audiences: readonly HierarchyNode[];
  /**
   * CLOSED or REPORTED with findings recorded: a later plan on its topic may reuse them, and finds
   * it as a DUPLICATE further back than the look-around (ClashRules.findingsLookAroundMonths).
   * Only known where it can matter: beyond the look-around.
   */
  findingsRecorded?: boolean;
  /** Protected by a coordinator: others reaching its people within its dates widened by these days clash with it (PROTECTED). */
  protection?: Protection | null;
  /**
   * A partner's own consultation kept as a linked part of a joint consultation (join requests): the
   * joint consultation's id. The joint consultation and its linked parts count once for FATIGUE.
   */
  jointId?: string | null;
}

export interface CandidateFacts extends PlanFacts {
  id: string;
  /** Only what it shares with the plan matters: the database sends none when none meets the plan's. */
  topics: readonly string[];
  /** How much distinctive wording it shares with the plan (see CANDIDATES_SQL and ClashRules.similarityThreshold). */
  topicScore: number;
  /** The distinctive words (stems) it shares with the plan, most telling first. */
  sharedWords: readonly string[];
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
  reach(audienceId: string): AudienceReach;
  /** A district, a unitary or smaller: where two teams meeting people in person meet the same people. */
  isLocal(areaId: string): boolean;
}

export interface Finding {
  kind: ConflictKind;
  severity: Severity;
  otherId: string | null;
  blackoutId: string | null;
  /** FATIGUE: the other consultations in the busiest window. */
  relatedIds: string[];
  sharedAreaIds: readonly string[];
  sharedAudienceIds: readonly string[];
  sharedChannels: string[];
  sharedTopics: string[];
  overlapStart: CalendarDate | null;
  overlapEnd: CalendarDate | null;
  /** From the plan's side: names the other consultation. */
  explanation: string;
  /** The same conflict told from the other consultation's side, when asked for (stored conflicts show it there). */
  otherExplanation: string | null;
  /** ADVICE: which good-practice check. */
  adviceRule?: AdviceRule;
}

export interface FindOptions {
  /** Also tell each pair from the other consultation's side (otherExplanation): only kept conflicts need it. */
  otherSide?: boolean;
  /** Without sentences (explanation and otherExplanation empty): suggestWindows judges hundreds of starts only by severity. */
  explain?: boolean;
  /**
   * Explains only findings this severe or worse; the others come with empty sentences, to be
   * counted and not shown (a form asking for HIGH and MEDIUM; wording a LOW costs more than finding it).
   */
  explainFrom?: Severity;
  /** Only these kinds (a neighbour's FATIGUE refresh needs no pairs); all when absent. */
  kinds?: readonly ConflictKind[];
}

export function findConflicts(
  plan: PlanFacts,
  candidates: readonly CandidateFacts[],
  blackouts: readonly BlackoutFacts[],
  rules: ClashRules,
  names: Names,
  options: FindOptions = {},
): Finding[] {
  return unpaced(conflictSteps(plan, candidates, blackouts, rules, names, options));
}

/** findConflicts as steps, one a candidate, for a request to run paced (a county-wide plan meets thousands). */
export function* conflictSteps(
  plan: PlanFacts,
  candidates: readonly CandidateFacts[],
  blackouts: readonly BlackoutFacts[],
  rules: ClashRules,
  names: Names,
  { otherSide = true, kinds, explain = true, explainFrom = 'LOW' }: FindOptions = {},
): Steps<Finding[]> {
  const wanted = (kind: ConflictKind) => !kinds || kinds.includes(kind);
  const [overlaps, duplicates, protects] = [wanted('OVERLAP'), wanted('DUPLICATE'), wanted('PROTECTED')];
  // FATIGUE alone (a neighbour's refresh, as find() works it out one by one) needs only whom and where.
  const pairs = overlaps || duplicates || protects;
  const describe = !explain ? unexplained : explainFrom === 'LOW' ? describeConflict : explainingFrom(explainFrom);
  const findings: Finding[] = [];
  const reaching: Pair[] = [];
  // The plan meets every candidate, so its side is prepared once.
  const planAreas = prepareSelection(plan.areas);
  const planAudiences = prepareSelection(plan.audiences);
  const planLocal = isLocal(plan.areas, names);
  const planPersonal = plan.channels.some(isPersonal);
  for (const other of candidates) {
    yield;
    if (other.id === plan.id) continue;
    const sharedAreaIds = planAreas.intersection(other.areas);
    if (!sharedAreaIds.length) continue;
    const sharedAudienceIds = planAudiences.intersection(other.audiences);
    if (!sharedAudienceIds.length) continue;
    const reach = reachBetween(plan.audiences, other.audiences, names);
    const inPerson = planPersonal && other.channels.some(isPersonal);
    const adds = addsToFatigue(reach.widest, inPerson);
    if (!pairs) {
      if (adds) reaching.push({ other, shared: { sharedAreaIds, sharedAudienceIds, sharedChannels: [], sharedTopics: [] }, why: NO_REASON, overlap: null, gap: 0 });
      continue;
    }
    const sharedTopics = common(plan.topics, other.topics);
    const sharedChannels = common(plan.channels, other.channels);
    const overlap = overlapOf(plan, other);
    const gap = overlap ? 0 : daysApart(plan, other);
    const local = planLocal && isLocal(other.areas, names);
    const pair: Pair = { other, shared: { sharedAreaIds, sharedAudienceIds, sharedChannels, sharedTopics }, why: NO_REASON, overlap, gap };
    if (adds) reaching.push(pair);
    const similar = sharedTopics.length > 0 || other.topicScore >= rules.similarityThreshold;
    if (overlaps && (overlap || gap <= rules.gapDays)) {
      const graded = gradeOverlap(rules, reach, { overlapping: !!overlap, local, inPerson, samePersonal: sharedChannels.filter(isPersonal) });
      findings.push(pairFinding('OVERLAP', graded.severity, plan, { ...pair, why: graded.why }, names, otherSide, describe));
    }
    const reuse = duplicates && similar && gap > rules.lookAroundDays ? findingsToReuse(plan, other, rules) : null;
    if (duplicates && similar && (gap <= rules.lookAroundDays || reuse)) {
      const severity = overlap ? rules.severity.duplicateOverlapping : reuse ? rules.severity.duplicateReported : rules.severity.duplicate;
      const why: Reason = { ...NO_REASON, words: sharedTopics.length ? [] : wordsOf(other.sharedWords, plan), reuse };
      findings.push(pairFinding('DUPLICATE', severity, plan, { ...pair, why }, names, otherSide, describe));
    }
    const guarded = protects ? protectedFinding(plan, pair, rules, names, otherSide, describe) : null;
    if (guarded) findings.push(guarded);
  }
  const fatigue = wanted('FATIGUE') ? fatigueFinding(plan, reaching, (pair) => pair.other, (pair) => pair.shared, rules, names, describe) : null;
  if (fatigue) findings.push(fatigue);
  for (const blackout of wanted('BLACKOUT') ? blackouts : []) {
    const finding = blackoutFinding(plan, blackout, names, describe);
    if (finding) findings.push(finding);
  }
  return sortFindings(findings, new Map(candidates.map((c) => [c.id, c.startDate])));
}

type Describe = typeof describeConflict;
const unexplained: Describe = () => '';
const explainingFrom = (least: Severity): Describe => (facts) => (severityRank(facts.severity) <= severityRank(least) ? describeConflict(facts) : '');

type Shared = Pick<Finding, 'sharedAreaIds' | 'sharedAudienceIds' | 'sharedChannels' | 'sharedTopics'>;
type Overlap = { start: CalendarDate; end: CalendarDate } | null;

/** The plan and a candidate that reaches its people: what they share, why it is as severe as it is, and how their windows lie. */
interface Pair {
  other: CandidateFacts;
  shared: Shared;
  why: Reason;
  overlap: Overlap;
  gap: number;
}

/** What an explanation says made a clash as severe as it is (see describeConflict). */
export interface Reason {
  /** ALL_ASKED audiences both ask: every member is contacted by both. */
  allAsked: readonly string[];
  /** Both meet the shared group in person in a district or smaller. */
  inPerson: boolean;
  /** Only the public at large is shared, met in person by both through these same channels in a district or smaller. */
  samePersonal: readonly string[];
  /** Only the public at large is shared. */
  generalOnly: boolean;
  /** DUPLICATE by wording: the distinctive words both use. */
  words: readonly string[];
  /** DUPLICATE beyond the look-around: whose findings can be reused, the other consultation's or this one's. */
  reuse: Reuse | null;
}

type Reuse = 'THEIRS' | 'OURS';

const NO_REASON: Reason = { allAsked: [], inPerson: false, samePersonal: [], generalOnly: false, words: [], reuse: null };

/**
 * Beyond the look-around, two plans on a similar topic for the same people still meet when the
 * earlier one has findings recorded and closed within findingsLookAroundMonths of the later one's
 * start: the later can reuse them. Whose they are, or null. Told alike from either side.
 */
export function findingsToReuse(plan: PlanFacts, other: PlanFacts, rules: ClashRules): Reuse | null {
  const planFirst = plan.endDate < other.startDate;
  const [earlier, later] = planFirst ? [plan, other] : [other, plan];
  if (!earlier.findingsRecorded || addMonths(earlier.endDate, rules.findingsLookAroundMonths) < later.startDate) return null;
  return planFirst ? 'OURS' : 'THEIRS';
}

const REACH_ORDER: Record<AudienceReach, number> = { ALL_ASKED: 0, GROUP: 1, GENERAL: 2 };

/**
 * Whom two selections of audiences both reach. Where one audience lies within the other, the
 * broader one says how many of the narrower are really asked: residents at large do not reach the
 * Citizens' Panel as the panel's own survey does, nor every older person as a survey of older people.
 */
export function reachBetween(a: readonly HierarchyNode[], b: readonly HierarchyNode[], names: Names): { widest: AudienceReach; allAsked: string[] } {
  let widest: AudienceReach = 'GENERAL';
  const allAsked: string[] = [];
  for (const x of a) {
    for (const y of b) {
      const broader = x.lineageIds.includes(y.id) ? y : y.lineageIds.includes(x.id) ? x : null;
      if (!broader) continue;
      const reach = names.reach(broader.id);
      if (REACH_ORDER[reach] < REACH_ORDER[widest]) widest = reach;
      if (reach === 'ALL_ASKED' && !allAsked.includes(broader.id)) allAsked.push(broader.id);
    }
  }
  return { widest, allAsked: allAsked.sort() };
}

function isLocal(areas: readonly HierarchyNode[], names: Names): boolean {
  return areas.length > 0 && areas.every((area) => names.isLocal(area.id));
}

/** An OVERLAP's severity by who is really asked twice (the README's clash rules), and why. */
function gradeOverlap(
  rules: ClashRules,
  reach: { widest: AudienceReach; allAsked: readonly string[] },
  { overlapping, local, inPerson, samePersonal }: { overlapping: boolean; local: boolean; inPerson: boolean; samePersonal: readonly string[] },
): { severity: Severity; why: Reason } {
  const { severity } = rules;
  const allAsked = reach.widest === 'ALL_ASKED';
  if (!overlapping) return { severity: allAsked ? severity.allAskedNearMiss : severity.nearMiss, why: { ...NO_REASON, allAsked: reach.allAsked } };
  if (allAsked) return { severity: severity.allAsked, why: { ...NO_REASON, allAsked: reach.allAsked } };
  if (reach.widest === 'GROUP') {
    return local && inPerson ? { severity: severity.groupInPerson, why: { ...NO_REASON, inPerson: true } } : { severity: severity.group, why: NO_REASON };
  }
  if (local && samePersonal.length) return { severity: severity.generalInPerson, why: { ...NO_REASON, samePersonal, generalOnly: true } };
  return { severity: severity.general, why: { ...NO_REASON, generalOnly: true } };
}

/** Stems shown as the plan writes them ("polic" as "policing"), where its text has them. */
function wordsOf(stems: readonly string[], plan: PlanFacts): string[] {
  const written = `${plan.title} ${plan.summary ?? ''}`.toLowerCase().match(/[a-z]+/g) ?? [];
  return stems.map((stem) => written.find((word) => word.startsWith(stem) || (stem.length > 3 && word.startsWith(stem.slice(0, -1)))) ?? stem);
}

function pairFinding(kind: ConflictKind, severity: Severity, plan: PlanFacts, { other, shared, why, overlap, gap }: Pair, names: Names, otherSide: boolean, describe: Describe): Finding {
  return pairRow(
    kind,
    severity,
    other.id,
    shared,
    overlap,
    describe({ kind, severity, shared, why, overlap, gap, names, other }),
    otherSide ? describe({ kind, severity, shared, why: why.reuse ? { ...why, reuse: why.reuse === 'OURS' ? 'THEIRS' : 'OURS' } : why, overlap, gap, names, other: plan }) : null,
  );
}

// Built field by field: a check can make a thousand, and spreading objects into each cost more than the rules.
function pairRow(kind: ConflictKind, severity: Severity, otherId: string, shared: Shared, overlap: Overlap, explanation: string, otherExplanation: string | null): Finding {
  return {
    kind,
    severity,
    otherId,
    blackoutId: null,
    relatedIds: [],
    sharedAreaIds: shared.sharedAreaIds,
    sharedAudienceIds: shared.sharedAudienceIds,
    sharedChannels: shared.sharedChannels,
    sharedTopics: shared.sharedTopics,
    overlapStart: overlap?.start ?? null,
    overlapEnd: overlap?.end ?? null,
    explanation,
    otherExplanation,
  };
}

/**
 * More than `fatigueThreshold` consultations (this one included) reaching the same area and
 * audience within some rolling window of `fatigueWindowDays` that contains part of this plan.
 */
export function busiestWindow(plan: PlanFacts, others: readonly Pick<CandidateFacts, 'startDate' | 'endDate'>[], windowDays: number): { start: CalendarDate; end: CalendarDate; count: number } | null {
  const span = windowDays - 1;
  const startDays = Int32Array.from(others, (c) => dayNumber(c.startDate)).sort();
  const endDays = Int32Array.from(others, (c) => dayNumber(c.endDate)).sort();
  const [planStart, planEnd] = [dayNumber(plan.startDate), dayNumber(plan.endDate)];
  // As the window slides, the count only rises where its last day reaches a consultation's
  // start, so the earliest window and those ending on some start date are the only ones to try.
  const firstDays = new Int32Array(startDays.length + 1);
  firstDays[0] = planStart - span;
  startDays.forEach((day, i) => (firstDays[i + 1] = day - span));
  firstDays.sort();
  // The windows are tried in order, so two pointers count what has started by each window's
  // end and what has ended before its start: one pass, however many consultations reach it.
  let started = 0;
  let ended = 0;
  let best: { first: number; count: number } | null = null;
  for (const first of firstDays) {
    const last = first + span;
    while (started < startDays.length && startDays[started] <= last) started++;
    while (ended < endDays.length && endDays[ended] < first) ended++;
    if (last < planStart || first > planEnd) continue;
    if (!best || started - ended > best.count) best = { first, count: started - ended };
  }
  return best && { start: dateOfDay(best.first), end: dateOfDay(best.first + span), count: best.count };
}

/**
 * A plan's FATIGUE finding among candidates already known to share territory and audience with
 * it, as findConflicts gives it with kinds ['FATIGUE']: a registration's neighbours (hundreds,
 * each among thousands of candidates, ConflictFinder.fatigueOf) skip working out what every
 * candidate shares, which only those in the busiest window need.
 */
export function fatigueAmong(plan: PlanFacts, reaching: readonly CandidateFacts[], rules: ClashRules, names: Names): Finding | null {
  const planAreas = prepareSelection(plan.areas);
  const planAudiences = prepareSelection(plan.audiences);
  const shared = (other: CandidateFacts) => ({ sharedAreaIds: planAreas.intersection(other.areas), sharedAudienceIds: planAudiences.intersection(other.audiences) });
  const own = jointOf(plan);
  const counted = reaching.filter((other) => other.id !== plan.id && jointOf(other) !== own && fatigues(plan, other, names));
  return fatigueFinding(plan, counted, (other) => other, shared, rules, names, describeConflict);
}

function fatigues(plan: PlanFacts, other: CandidateFacts, names: Names): boolean {
  return addsToFatigue(reachBetween(plan.audiences, other.audiences, names).widest, plan.channels.some(isPersonal) && other.channels.some(isPersonal));
}

/** FATIGUE counts only what really reaches the group: the public at large only when both meet them in person. */
function addsToFatigue(reach: AudienceReach, inPerson: boolean): boolean {
  return reach !== 'GENERAL' || inPerson;
}

/** `reaching` are the plan's candidates (or pairs, seen through `otherOf`) that reach its people; `sharedOf` says what each shares with it. */
function fatigueFinding<T>(
  plan: PlanFacts,
  reaching: readonly T[],
  otherOf: (item: T) => CandidateFacts,
  sharedOf: (item: T) => Pick<Shared, 'sharedAreaIds' | 'sharedAudienceIds'>,
  rules: ClashRules,
  names: Names,
  describe: Describe,
): Finding | null {
  const window = busiestWindow(plan, countedOnce(reaching.map(otherOf), rules.fatigueWindowDays), rules.fatigueWindowDays);
  if (!window || window.count + 1 <= rules.fatigueThreshold) return null;
  const inWindow = reaching
    .filter((item) => otherOf(item).startDate <= window.end && otherOf(item).endDate >= window.start)
    .sort((a, b) => compareCodeUnits(otherOf(a).startDate, otherOf(b).startDate) || compareCodeUnits(otherOf(a).id, otherOf(b).id));
  const others = onePerJoint(inWindow.map(otherOf));
  const shares = inWindow.map(sharedOf);
  const sharedAreaIds = sortedUnion(shares.map((s) => s.sharedAreaIds));
  const sharedAudienceIds = sortedUnion(shares.map((s) => s.sharedAudienceIds));
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
    explanation: describe({
      kind: 'FATIGUE',
      severity: rules.severity.fatigue,
      shared: { sharedAreaIds, sharedAudienceIds, sharedChannels: [], sharedTopics: [] },
      overlap: { start, end },
      gap: 0,
      names,
      fatigue: { count: others.length + 1, windowDays: rules.fatigueWindowDays, others },
    }),
    otherExplanation: null,
  };
}

/** The consultation a joint consultation's parts count as: the joint one, or itself when it is no linked part. */
function jointOf(c: Pick<PlanFacts, 'id' | 'jointId'>): string | undefined {
  return c.jointId ?? c.id;
}

/**
 * The spans FATIGUE counts, a joint consultation and its linked parts once: the parts of one that
 * no window of `windowDays` could hold apart are one span from the first start to the last end.
 * A window meets that span exactly when it meets one of them, so busiestWindow counts the joint
 * consultation once in it; parts further apart than a window cannot meet in one and stay apart.
 */
export function countedOnce(reaching: readonly CandidateFacts[], windowDays: number): readonly Pick<CandidateFacts, 'startDate' | 'endDate'>[] {
  if (!reaching.some((c) => c.jointId)) return reaching; // mostly: nothing to merge
  const joints = new Map<string, CandidateFacts[]>();
  for (const c of reaching) listUnder(joints, jointOf(c)!, c);
  const spans: Pick<CandidateFacts, 'startDate' | 'endDate'>[] = [];
  for (const parts of joints.values()) {
    if (parts.length === 1) {
      spans.push(parts[0]);
      continue;
    }
    const sorted = [...parts].sort((a, b) => compareCodeUnits(a.startDate, b.startDate));
    let span = { startDate: sorted[0].startDate, endDate: sorted[0].endDate };
    for (const part of sorted.slice(1)) {
      if (daysBetween(span.endDate, part.startDate) < windowDays) span.endDate = maxDate(span.endDate, part.endDate);
      else {
        spans.push(span);
        span = { startDate: part.startDate, endDate: part.endDate };
      }
    }
    spans.push(span);
  }
  return spans;
}

/** Those in a FATIGUE's window, a joint consultation's parts named once: by the joint one if it is there, else by the first. */
function onePerJoint(inWindow: readonly CandidateFacts[]): CandidateFacts[] {
  const named = new Map<string, CandidateFacts>();
  for (const c of inWindow) {
    const joint = jointOf(c)!;
    if (!named.has(joint) || c.id === joint) named.set(joint, c);
  }
  return inWindow.filter((c) => named.get(jointOf(c)!) === c);
}

// Pairs with the same selection share one list (see prepareSelection): each list is read once,
// not a composite's hundreds of blocks again for every consultation in the window.
function sortedUnion(lists: readonly (readonly string[])[]): string[] {
  const ids = new Set<string>();
  for (const list of new Set(lists)) for (const id of list) ids.add(id);
  return [...ids].sort();
}

/** A consultation's protected window: its own dates widened by its protection; null when it has none. */
export function protectedWindow(c: Pick<PlanFacts, 'startDate' | 'endDate' | 'protection'>): { start: CalendarDate; end: CalendarDate } | null {
  return c.protection ? { start: addDays(c.startDate, -c.protection.daysBefore), end: addDays(c.endDate, c.protection.daysAfter) } : null;
}

/**
 * Which of a pair that reaches the same people is the protected one the other runs within: the
 * other, the plan, or neither. When each runs within the other's window, the one starting first
 * (then the smaller id) protects, so both sides keep the same single conflict.
 */
export function protector(plan: PlanFacts, other: CandidateFacts): 'OTHER' | 'PLAN' | null {
  const inOthers = runsWithin(plan, other);
  const inPlans = runsWithin(other, plan);
  if (inOthers && inPlans) return plan.startDate < other.startDate || (plan.startDate === other.startDate && !!plan.id && plan.id < other.id) ? 'PLAN' : 'OTHER';
  return inOthers ? 'OTHER' : inPlans ? 'PLAN' : null;
}

function runsWithin(outsider: PlanFacts, guarded: PlanFacts): boolean {
  const window = protectedWindow(guarded);
  return !!window && !!overlapOf(outsider, { startDate: window.start, endDate: window.end });
}

/** PROTECTED: the pair (already known to share territory and audience) where one runs within the other's protected window. */
function protectedFinding(plan: PlanFacts, { other, shared }: Pair, rules: ClashRules, names: Names, otherSide: boolean, describe: Describe): Finding | null {
  const side = protector(plan, other);
  if (!side) return null;
  const [guarded, outsider] = side === 'OTHER' ? [other, plan] : [plan, other];
  const window = protectedWindow(guarded)!;
  const within = overlapOf(outsider, { startDate: window.start, endDate: window.end })!;
  const severity = rules.severity.protected;
  const told = (from: 'OUTSIDER' | 'PROTECTED', party: PlanFacts) =>
    describe({ kind: 'PROTECTED', severity, shared, overlap: within, gap: 0, names, other: party, protection: { from, window, dates: { start: guarded.startDate, end: guarded.endDate }, ...guarded.protection! } });
  const [planSide, otherSideFrom]: ['OUTSIDER' | 'PROTECTED', 'OUTSIDER' | 'PROTECTED'] = side === 'OTHER' ? ['OUTSIDER', 'PROTECTED'] : ['PROTECTED', 'OUTSIDER'];
  return pairRow('PROTECTED', severity, other.id, shared, within, told(planSide, other), otherSide ? told(otherSideFrom, plan) : null);
}

function blackoutFinding(plan: PlanFacts, blackout: BlackoutFacts, names: Names, describe: Describe): Finding | null {
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
    explanation: describe({
      kind: 'BLACKOUT',
      severity: blackout.severity,
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
  return overlapOf(a, b) ? 0 : daysApart(a, b);
}

function daysApart(a: { startDate: CalendarDate; endDate: CalendarDate }, b: { startDate: CalendarDate; endDate: CalendarDate }): number {
  return a.endDate < b.startDate ? daysBetween(a.endDate, b.startDate) - 1 : daysBetween(b.endDate, a.startDate) - 1;
}

// Channels and topics come a few at a time: scanning beats building sets.
function common(a: readonly string[], b: readonly string[]): string[] {
  const shared: string[] = [];
  for (const x of a) if (b.includes(x) && !shared.includes(x)) shared.push(x);
  return shared.length > 1 ? shared.sort() : shared;
}

const KIND_ORDER: Record<ConflictKind, number> = { OVERLAP: 0, DUPLICATE: 1, FATIGUE: 2, BLACKOUT: 3, PROTECTED: 4, ADVICE: 5 };

/** Severity, then the date the clash starts, then kind, then a stable id: the same data gives the same list. */
export function sortFindings<T extends Pick<Finding, 'severity' | 'overlapStart' | 'kind' | 'otherId' | 'blackoutId'>>(findings: T[], otherStarts = new Map<string, CalendarDate>()): T[] {
  // Each finding's keys are worked out once, not in each of the n log n comparisons.
  const keyed = findings.map((finding) => ({
    finding,
    rank: severityRank(finding.severity),
    start: finding.overlapStart ?? (finding.otherId ? otherStarts.get(finding.otherId) : undefined) ?? '9999-12-31',
    kind: KIND_ORDER[finding.kind],
    id: finding.otherId ?? finding.blackoutId ?? '',
  }));
  keyed.sort((a, b) => a.rank - b.rank || compareCodeUnits(a.start, b.start) || a.kind - b.kind || compareCodeUnits(a.id, b.id));
  keyed.forEach((k, i) => (findings[i] = k.finding));
  return findings;
}
