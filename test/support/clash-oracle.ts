// A brute-force clash check written straight from PRODUCT.md's rules ("Clash rules, revised"), to
// hold the real one to. It shares no code with src/conflicts: territory and audiences are compared
// as sets of the smallest units they cover, who is asked twice by walking the audience tree pair by
// pair, dates as plain day numbers, fatigue by trying every window day by day, and the register's
// word counts by counting every registered consultation's words afresh.
//
// Wording is the one thing it does not work out alone. PRODUCT.md's "genuinely similar distinctive
// wording" is scored on PostgreSQL's English stems (snowball stemming and stop words), which no
// small, independent TypeScript could reproduce exactly; so the caller asks PostgreSQL for the
// stems of every text the oracle meets (to_tsvector('english', text), see OracleWorld.stems) and
// the oracle does the rest itself: which words count (no numbers, no capitalised place names of
// the plan's, no words of an audience's name, no boilerplate of the register, and between two plans
// of one body none of its house style), how rare each is in
// the register (counted here from the consultations, not read from topic_word_count, so the trigger
// that keeps those counts is tested too) and whether the shared ones score enough.

export type Kind = 'OVERLAP' | 'DUPLICATE' | 'FATIGUE' | 'BLACKOUT';
export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';
export type Reach = 'ALL_ASKED' | 'GROUP' | 'GENERAL';

export interface OracleRules {
  gapDays: number;
  lookAroundDays: number;
  fatigueThreshold: number;
  fatigueWindowDays: number;
  /** The score of shared distinctive words from which two plans are on a similar topic. */
  similarityThreshold: number;
  /** A word used by more than this share of the register is boilerplate… */
  commonWordShare: number;
  /** …once at least this many consultations use it (and of one body's, for houseStyleShare). */
  commonWordMinimum: number;
  /** Between two plans of one body, a word used by more than this share of its consultations is its house style. */
  houseStyleShare: number;
}

export interface OracleConsultation {
  id: string;
  organisationId: string;
  status: string;
  title: string;
  summary?: string;
  startDate: string;
  endDate: string;
  areaIds: string[];
  audienceIds: string[];
  channels: string[];
  topics: string[];
}

export interface OracleBlackout {
  id: string;
  startDate: string;
  endDate: string;
  severity: Severity;
  /** Empty: everywhere / everyone. */
  areaIds: string[];
  audienceIds: string[];
}

/** The reference trees, as what each node covers, and what the rules need to know of them. */
export interface OracleWorld {
  /** Area id → the smallest areas it covers (itself when it has no parts). */
  areaUnits: Map<string, Set<string>>;
  audienceUnits: Map<string, Set<string>>;
  /** Area id → the areas a composite is made of (none for any other area). */
  areaMembers: Map<string, string[]>;
  areaLevels: Map<string, string>;
  /** Audience id → its parent in the audience tree. */
  audienceParents: Map<string, string | null>;
  /** Audience id → its code (see REACH_OF). */
  audienceCodes: Map<string, string>;
  /** The lower-case words of every area's name. */
  placeWords: Set<string>;
  /** PostgreSQL's English stems of the words of every audience's name. */
  audienceWords: Set<string>;
  /** PostgreSQL's English stems, tsvector_to_array(to_tsvector('english', text)), of every text the oracle meets (see textsToStem). */
  stems: Map<string, string[]>;
}

export interface ExpectedConflict {
  kind: Kind;
  severity: Severity;
  otherId: string | null;
  blackoutId: string | null;
  /** FATIGUE: how many other consultations the busiest window holds. */
  related: number;
}

/**
 * What the oracle can note of a check, so that a test can see that its cases met every rule: each
 * rule that graded a clash (an OVERLAP's allAsked, groupInPerson, group, generalInPerson, general,
 * nearMiss, allAskedNearMiss; a DUPLICATE's topic or words, …Overlapping when the dates overlap;
 * fatigue and fatigueInPerson, when the public at large met in person counted; blackout), and the
 * cases where a rule held a clash back: wordsTooFew (distinctive words shared, one in both titles,
 * not scoring enough), placeWordLeftOut, numberLeftOut, audienceWordLeftOut, boilerplateLeftOut and
 * houseStyleLeftOut (a word both use that did not count), fatigueSpared (no FATIGUE only because the public at large
 * reached by broadcast does not count).
 */
export type Noted = Set<string>;

// PRODUCT.md's classes, by the seeded audience's code: every member is contacted (ALL_ASKED), the
// public at large (GENERAL), or a specific group, partly reached (GROUP, every other).
const ALL_ASKED = ['CITIZENS_PANEL', 'YOUTH_PANEL', 'PARISH_COUNCILS', 'VCS', 'STAFF'];
const GENERAL = ['RESIDENTS', 'BUSINESSES'];
export function reachOf(code: string): Reach {
  return ALL_ASKED.includes(code) ? 'ALL_ASKED' : GENERAL.includes(code) ? 'GENERAL' : 'GROUP';
}

// Channels that meet people; the others (online and postal surveys, social media) publish.
const PERSONAL = ['FOCUS_GROUP', 'PUBLIC_MEETING', 'DROP_IN', 'STREET_OUTREACH', 'TELEPHONE', 'SCHOOLS', 'PANEL_SURVEY'];
// A district or smaller: where two teams meeting people in person meet the same people.
const LOCAL_LEVELS = ['DISTRICT', 'UNITARY', 'DIVISION', 'WARD', 'PARISH', 'NEIGHBOURHOOD'];

/** Every node's units: the union of its children's (and a composite's members'), or itself. */
export function unitsOf(nodes: { id: string; parentId: string | null; memberIds?: string[] }[]): Map<string, Set<string>> {
  const parts = new Map<string, string[]>(nodes.map((n) => [n.id, [...(n.memberIds ?? [])]]));
  for (const node of nodes) if (node.parentId) parts.get(node.parentId)?.push(node.id);
  const units = new Map<string, Set<string>>();
  const visit = (id: string, path: Set<string>): Set<string> => {
    const known = units.get(id);
    if (known) return known;
    const children = (parts.get(id) ?? []).filter((child) => !path.has(child));
    const result = children.length ? new Set(children.flatMap((child) => [...visit(child, new Set([...path, id]))])) : new Set([id]);
    units.set(id, result);
    return result;
  };
  nodes.forEach((n) => visit(n.id, new Set()));
  return units;
}

/** The texts whose stems the oracle asks OracleWorld.stems for, given the titles and summaries it may meet. */
export function textsToStem(texts: readonly string[], placeWords: ReadonlySet<string>): string[] {
  return [...new Set(texts.flatMap((text) => [text, withoutPlaces(text, placeWords)]))];
}

export function oracleConflicts(
  plan: OracleConsultation,
  register: readonly OracleConsultation[],
  blackouts: readonly OracleBlackout[],
  viewerOrganisationId: string,
  world: OracleWorld,
  rules: OracleRules,
  noted: Noted = new Set(),
): ExpectedConflict[] {
  const planAreas = covered(world.areaUnits, plan.areaIds);
  const planAudiences = covered(world.audienceUnits, plan.audienceIds);
  const seen = register.filter(
    (c) => c.id !== plan.id && c.status !== 'CANCELLED' && (c.status !== 'DRAFT' || c.organisationId === viewerOrganisationId),
  );
  const reaching = seen.filter((c) => meets(planAreas, covered(world.areaUnits, c.areaIds)) && meets(planAudiences, covered(world.audienceUnits, c.audienceIds)));
  const wording = wordingOf(plan, register, world, rules);
  const found: ExpectedConflict[] = [];
  const pair = (kind: Kind, severity: Severity, otherId: string, rule: string) => {
    found.push({ kind, severity, otherId, blackoutId: null, related: 0 });
    noted.add(rule);
  };

  for (const other of reaching) {
    const overlapping = overlapDays(plan, other) > 0;
    const gap = overlapping ? 0 : daysApart(plan, other);
    const reach = reachBetween(plan, other, world);
    const inPerson = plan.channels.some(isPersonal) && other.channels.some(isPersonal);
    const local = isLocal(plan.areaIds, world) && isLocal(other.areaIds, world);
    const samePersonal = plan.channels.some((ch) => isPersonal(ch) && other.channels.includes(ch));
    if (!overlapping && gap <= rules.gapDays) {
      if (reach === 'ALL_ASKED') pair('OVERLAP', 'MEDIUM', other.id, 'allAskedNearMiss');
      else pair('OVERLAP', 'LOW', other.id, 'nearMiss');
    } else if (overlapping) {
      if (reach === 'ALL_ASKED') pair('OVERLAP', 'HIGH', other.id, 'allAsked');
      else if (reach === 'GROUP' && inPerson && local) pair('OVERLAP', 'HIGH', other.id, 'groupInPerson');
      else if (reach === 'GROUP') pair('OVERLAP', 'MEDIUM', other.id, 'group');
      else if (samePersonal && local) pair('OVERLAP', 'MEDIUM', other.id, 'generalInPerson');
      else pair('OVERLAP', 'LOW', other.id, 'general');
    }
    const sharedTopic = plan.topics.some((t) => other.topics.includes(t));
    const score = wording.scoreWith(other, noted);
    if ((sharedTopic || score >= rules.similarityThreshold) && gap <= rules.lookAroundDays) {
      const why = sharedTopic ? 'topic' : 'words';
      pair('DUPLICATE', overlapping ? 'HIGH' : 'MEDIUM', other.id, `${why}${overlapping ? 'Overlapping' : ''}`);
    } else if (score > 0) noted.add('wordsTooFew');
  }

  // Only what really reaches the plan's people wears them out: a GROUP or ALL_ASKED audience
  // shared (the broader one's class, as for an OVERLAP), or the public at large met in person by both.
  const counted = reaching.filter((c) => reachBetween(plan, c, world) !== 'GENERAL' || (plan.channels.some(isPersonal) && c.channels.some(isPersonal)));
  const busiest = busiestWindow(plan, counted, rules);
  if (busiest.length + 1 > rules.fatigueThreshold) {
    found.push({ kind: 'FATIGUE', severity: 'MEDIUM', otherId: null, blackoutId: null, related: busiest.length });
    noted.add('fatigue');
    if (busiest.some((c) => reachBetween(plan, c, world) === 'GENERAL')) noted.add('fatigueInPerson');
  } else if (busiestWindow(plan, reaching, rules).length + 1 > rules.fatigueThreshold) noted.add('fatigueSpared');

  for (const blackout of blackouts) {
    if (overlapDays(plan, blackout) <= 0) continue;
    const inArea = !blackout.areaIds.length || meets(planAreas, covered(world.areaUnits, blackout.areaIds));
    const inAudience = !blackout.audienceIds.length || meets(planAudiences, covered(world.audienceUnits, blackout.audienceIds));
    if (inArea && inAudience) {
      found.push({ kind: 'BLACKOUT', severity: blackout.severity, otherId: null, blackoutId: blackout.id, related: 0 });
      noted.add('blackout');
    }
  }
  return found;
}

/** The most consultations in any window of fatigueWindowDays that holds at least one day of the plan, tried day by day. */
function busiestWindow(plan: OracleConsultation, reaching: readonly OracleConsultation[], rules: OracleRules): OracleConsultation[] {
  let busiest: OracleConsultation[] = [];
  for (let first = day(plan.startDate) - rules.fatigueWindowDays + 1; first <= day(plan.endDate); first++) {
    const last = first + rules.fatigueWindowDays - 1;
    const inWindow = reaching.filter((c) => day(c.startDate) <= last && day(c.endDate) >= first);
    if (inWindow.length > busiest.length) busiest = inWindow;
  }
  return busiest;
}

/**
 * Whom both ask, by the broader of each two audiences that meet (one within the other): residents
 * at large do not ask every older person, nor every member of the Citizens' Panel. The most-asked
 * class among those pairs counts.
 */
function reachBetween(a: OracleConsultation, b: OracleConsultation, world: OracleWorld): Reach {
  const classes = new Set<Reach>();
  for (const x of a.audienceIds) {
    for (const y of b.audienceIds) {
      const broader = within(x, y, world) ? y : within(y, x, world) ? x : null;
      if (broader) classes.add(reachOf(world.audienceCodes.get(broader) ?? ''));
    }
  }
  return classes.has('ALL_ASKED') ? 'ALL_ASKED' : classes.has('GROUP') ? 'GROUP' : 'GENERAL';
}

/** Whether audience `inner` is `outer` or lies below it. */
function within(inner: string, outer: string, world: OracleWorld): boolean {
  for (let id: string | null | undefined = inner, steps = 0; id && steps < 100; id = world.audienceParents.get(id), steps++) if (id === outer) return true;
  return false;
}

/** Every area the selection is made of (a composite's members, in turn) is a district or smaller. */
function isLocal(areaIds: readonly string[], world: OracleWorld, depth = 0): boolean {
  return areaIds.length > 0 && areaIds.every((id) => {
    const members = world.areaMembers.get(id) ?? [];
    return members.length && depth < 10 ? isLocal(members, world, depth + 1) : LOCAL_LEVELS.includes(world.areaLevels.get(id) ?? '');
  });
}

function isPersonal(channel: string): boolean {
  return PERSONAL.includes(channel);
}

/**
 * PRODUCT.md's "distinctive wording", as the revised rules define it: the plan's words (stems of its
 * title and summary, its capitalised place names left out, no numbers, none of an audience's name,
 * none of the register's boilerplate, that is used by more than commonWordShare of the register once
 * commonWordMinimum consultations use it; against a plan of the same body, none of that body's house
 * style, used by more than houseStyleShare of its consultations once commonWordMinimum of them use
 * it) that another consultation also uses each score
 * ln(max(register size, commonWordMinimum / commonWordShare) / consultations using it), twice when
 * both titles have it; the sum counts only when at least one of them is in both titles.
 */
function wordingOf(plan: OracleConsultation, register: readonly OracleConsultation[], world: OracleWorld, rules: OracleRules) {
  const stems = (text: string): string[] => {
    const known = world.stems.get(text);
    if (!known) throw new Error(`The oracle was not given the stems of ${JSON.stringify(text)} (see textsToStem)`);
    return known;
  };
  const wordsOf = (c: OracleConsultation) => new Set([...stems(c.title), ...stems(c.summary ?? '')]);
  // Every consultation is read as the service keeps it: its place names left out, whichever side it is on.
  const titleOf = (c: OracleConsultation) => new Set(stems(withoutPlaces(c.title, world.placeWords)));
  const keptWordsOf = (c: OracleConsultation) => new Set([...titleOf(c), ...stems(withoutPlaces(c.summary ?? '', world.placeWords))]);
  // Every consultation on the register counts, whatever its status or owner: it is the register's wording.
  const count = (consultations: readonly OracleConsultation[]) => {
    const documents = new Map<string, number>();
    for (const c of consultations) for (const word of keptWordsOf(c)) documents.set(word, (documents.get(word) ?? 0) + 1);
    return (word: string) => documents.get(word) ?? 0;
  };
  const size = Math.max(1, register.length);
  const used = count(register);
  const boilerplate = (word: string) => used(word) >= rules.commonWordMinimum && used(word) > rules.commonWordShare * size;
  const own = register.filter((c) => c.organisationId === plan.organisationId);
  const usedByOwn = count(own);
  const houseStyle = (word: string) => usedByOwn(word) >= rules.commonWordMinimum && usedByOwn(word) > rules.houseStyleShare * own.length;
  const weight = (word: string) => Math.log(Math.max(size, rules.commonWordMinimum / rules.commonWordShare) / Math.max(used(word), 1));
  const planTitle = titleOf(plan);
  const planText = keptWordsOf(plan);
  // Why each word the plan writes does not count, if it does not.
  const leftOut = new Map<string, string>();
  for (const word of wordsOf(plan)) if (!planText.has(word)) leftOut.set(word, 'placeWordLeftOut');
  for (const word of planText) {
    if (/[0-9]/.test(word)) leftOut.set(word, 'numberLeftOut');
    else if (world.audienceWords.has(word)) leftOut.set(word, 'audienceWordLeftOut');
    else if (boilerplate(word)) leftOut.set(word, 'boilerplateLeftOut');
  }
  const planWords = [...planText].filter((word) => !leftOut.has(word));
  return {
    scoreWith(other: OracleConsultation, noted: Noted): number {
      const otherWords = keptWordsOf(other);
      const otherTitle = titleOf(other);
      const otherWritten = wordsOf(other);
      for (const [word, why] of leftOut) if (otherWritten.has(word)) noted.add(why);
      const sameBody = other.organisationId === plan.organisationId;
      const shared = planWords.filter((word) => otherWords.has(word) && !(sameBody && houseStyle(word)));
      if (sameBody && planWords.some((word) => otherWords.has(word) && houseStyle(word))) noted.add('houseStyleLeftOut');
      const inBothTitles = (word: string) => planTitle.has(word) && otherTitle.has(word);
      if (!shared.some(inBothTitles)) return 0;
      return shared.reduce((sum, word) => sum + weight(word) * (inBothTitles(word) ? 2 : 1), 0);
    },
  };
}

/** The text less its place names: capitalised words that are words of some area's name ("Tamworth parks" is about parks). */
function withoutPlaces(text: string, placeWords: ReadonlySet<string>): string {
  return text
    .split(/([^A-Za-z]+)/)
    .map((piece) => (/^[A-Z]/.test(piece) && placeWords.has(piece.toLowerCase()) ? ' ' : piece))
    .join('');
}

function covered(units: Map<string, Set<string>>, ids: readonly string[]): Set<string> {
  return new Set(ids.flatMap((id) => [...(units.get(id) ?? [])]));
}

function meets(a: Set<string>, b: Set<string>): boolean {
  return [...a].some((unit) => b.has(unit));
}

function day(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** Days both windows share (end dates inclusive); 0 or less when they do not meet. */
function overlapDays(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): number {
  return Math.min(day(a.endDate), day(b.endDate)) - Math.max(day(a.startDate), day(b.startDate)) + 1;
}

/** Whole days between two windows that do not overlap. */
function daysApart(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): number {
  return Math.max(day(a.startDate), day(b.startDate)) - Math.min(day(a.endDate), day(b.endDate)) - 1;
}
