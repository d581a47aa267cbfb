import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AreaEntity, AreaLevel } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { AudienceEntity } from '../audiences/audience.entity';
import { AudiencesService } from '../audiences/audiences.service';
import { compareCodeUnits } from '../common/compare';
import { addDays, CalendarDate, maxDate, minDate } from '../common/dates/calendar-date';
import { runPrepared } from '../common/database/prepared-statement';
import { HierarchyNode, lineageUnion, meets } from '../common/hierarchy/hierarchy.rules';
import { listUnder } from '../common/lists';
import { ConsultationStatus, FINISHED_STATUSES } from '../consultations/consultation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { ClashRules, CONFLICT_KINDS, ConflictKind, Protection, reachDays, Severity } from './clash-rules';
import { CANDIDATES, candidateParams, keyChunks, MAX_LOOKUP_KEYS, planReachKeys } from './candidates.sql';
import { CLASH_RULES } from './conflicts.tokens';
import { serverAgrees } from './reach-keys';
import { topicWording } from './place-names';
import { BlackoutFacts, CandidateFacts, fatigueAmong, findConflicts, Finding, gapBetween, Names, PlanFacts } from './conflict.rules';
import { JudgingThreads } from './judging/judging-threads';
import { FoundWindow, PortableFacts } from './judging/judging-tasks';
import { NamedRows, namesFrom } from './names';

/** An organisation id no organisation has: a viewpoint that sees no drafts. */
export const NETWORK_VIEW = '00000000-0000-0000-0000-000000000000';

const FATIGUE_ONLY: readonly ConflictKind[] = ['FATIGUE'];
const BLACKOUT_ONLY: readonly ConflictKind[] = ['BLACKOUT'];
// A county-wide check sends 50–110 keys. Neighbours grouped under more keys share a query that
// returns the union of their windows, mostly rows each one then drops: 200 did better than 100
// and 400 for district plans at 1M.
const MAX_GROUP_KEYS = 200;
// Levels whose consultations in a window are too many to fetch as one neighbour's candidates.
const BROAD_LEVELS: readonly AreaLevel[] = ['COUNTRY', 'REGION'];

/** A plan in its index-ready form: a stored consultation or a dry run. */
export interface Subject {
  id?: string;
  organisationId: string;
  title: string;
  summary: string;
  startDate: CalendarDate;
  endDate: CalendarDate;
  channels: readonly string[];
  topics: readonly string[];
  areaBlockIds: readonly string[];
  areaLineageIds: readonly string[];
  audienceIds: readonly string[];
  audienceLineageIds: readonly string[];
  /** A stored consultation's: a CLOSED or REPORTED one may have findings a later plan can reuse. */
  status?: ConsultationStatus;
  /** A stored consultation's protected window, if a coordinator protected it (protectConsultation). */
  protection?: Protection | null;
}

export interface Facts {
  plan: PlanFacts;
  candidates: CandidateFacts[];
  blackouts: BlackoutFacts[];
  names: Names;
  /** The rows `names` reads, for a judging thread to name them again. */
  rows: NamedRows;
}

// A row of CANDIDATES: a consultation, or a blackout period (its name as title).
interface FactRow {
  source: 'consultation' | 'blackout';
  id: string;
  title: string;
  organisation_id: string | null;
  start_date: string;
  end_date: string;
  /** Comma-joined. */
  channels: string;
  /** Only when one meets the plan's. */
  topics: string[] | null;
  /** The distinctive words it shares with the plan, and what they score (see CANDIDATES_SQL). */
  shared_words: string[] | null;
  topic_score: number | null;
  /** A similar one, CLOSED or REPORTED with findings recorded (see CANDIDATES_SQL). */
  findings_recorded: boolean | null;
  /** Comma-joined uuids. */
  area_block_ids: string;
  /** Comma-joined uuids. */
  audience_ids: string;
  severity: BlackoutFacts['severity'];
  /** A protected consultation's (see CANDIDATES_SQL). */
  protected_days_before: number | null;
  protected_days_after: number | null;
  /** A linked part's joint consultation (see CANDIDATES_SQL). */
  joint_id: string | null;
}

// A blackout period as blackoutFindings() reads it.
interface BlackoutRow extends Omit<BlackoutFacts, 'areas' | 'audiences'> {
  areaBlockIds: string[];
  audienceIds: string[];
}

/**
 * Finds a plan's conflicts: the database narrows the register to candidates through its
 * indexes (date range, area blocks and lineages, audience lineages); the pure rules decide.
 * Sees what the viewer's organisation sees: its own drafts and others' registered plans; from
 * NETWORK_VIEW it sees no drafts at all, which is what stored conflicts are made of.
 */
@Injectable()
export class ConflictFinder implements OnModuleInit {
  private readonly logger = new Logger(ConflictFinder.name);
  /** Whether each check sends the plan's reach keys, or leaves PostgreSQL to work them out. */
  private planKeys = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLASH_RULES) private readonly rules: ClashRules,
    private readonly organisations: OrganisationsService,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly judging: JudgingThreads,
  ) {}

  async onModuleInit(): Promise<void> {
    this.planKeys = await serverAgrees((sql, params) => this.dataSource.query(sql, params));
    if (!this.planKeys) this.logger.warn('This PostgreSQL hashes reach keys differently from the service: it will work out each plan\'s keys itself, a little more slowly');
  }

  /** A dry run: the plan's conflicts, each told from the plan's side; those less severe than `explainFrom` unexplained. */
  async check(subject: Subject, viewerOrganisationId: string, manager: EntityManager = this.dataSource.manager, explainFrom: Severity = 'LOW'): Promise<Finding[]> {
    return this.classify(await this.load(subject, viewerOrganisationId, manager), undefined, { explainFrom });
  }

  /**
   * What a registered consultation keeps: its conflicts told from both sides, and `reachingIds`,
   * the other consultations that share territory and audience with it and run within a fatigue
   * window of it — those whose own FATIGUE verdict it can change.
   */
  async find(subject: Subject, viewerOrganisationId: string, manager: EntityManager = this.dataSource.manager, kinds?: readonly ConflictKind[]): Promise<{ findings: Finding[]; reachingIds: string[] }> {
    const facts = await this.load(subject, viewerOrganisationId, manager, kinds);
    const { plan, candidates } = facts;
    const reachingIds = candidates
      .filter((c) => meets(plan.areas, c.areas) && meets(plan.audiences, c.audiences) && gapBetween(plan, c) < this.rules.fatigueWindowDays)
      .map((c) => c.id);
    // Kept within a registration's transaction: judged whole, not paced, unless a judging thread takes it (an import).
    return { findings: await this.judging.run({ task: 'judge', facts: portable(facts), options: { otherSide: true, kinds }, rules: this.rules }, { paced: false }), reachingIds };
  }

  /**
   * The FATIGUE findings of many registered consultations (a registration's neighbours, hundreds
   * at 1M), each as find() with ['FATIGUE'] gives it alone. Neighbours close in time share one
   * candidate query, looked up with all their reach keys, while those stay few (MAX_GROUP_KEYS).
   * A neighbour lying within a block of `around` (the consultation whose change brought them up)
   * is looked up by that block: its candidates are among that block's, and neighbours spread over
   * a county's wards then share a query instead of a few each. Each then meets the rules
   * (fatigueAmong) with the candidates in its own window that share its territory and people. A
   * neighbour reaches its own people, so it is among the candidates, and its facts come from there.
   */
  async fatigueOf(subjects: readonly Subject[], manager: EntityManager, around?: Subject): Promise<Map<string, Finding[]>> {
    const findings = new Map<string, Finding[]>();
    const reach = reachDays(this.rules, FATIGUE_ONLY);
    const lookups = around ? await this.lookedUpWithin(subjects, around, manager) : new Map(subjects.map((s) => [s, s]));
    for (const { group, keys } of this.fatigueGroups(lookups)) {
      const { candidates, names } = await this.load(unionOf(group), NETWORK_VIEW, manager, FATIGUE_ONLY, this.planKeys ? [...keys] : undefined);
      const byId = new Map(candidates.map((c) => [c.id, c]));
      const reaching = new TerritoryIndex(candidates);
      for (const subject of group.map((lookup) => lookups.get(lookup)!)) {
        const plan = byId.get(subject.id!);
        if (!plan) {
          findings.set(subject.id!, (await this.find(subject, NETWORK_VIEW, manager, FATIGUE_ONLY)).findings); // not expected; the one-by-one way still answers
          continue;
        }
        const [first, last] = [addDays(plan.startDate, -reach), addDays(plan.endDate, reach)];
        const near = reaching.meeting(plan.areas, plan.audiences, first, last);
        const fatigue = fatigueAmong(plan, near, this.rules, names);
        findings.set(plan.id, fatigue ? [fatigue] : []);
      }
    }
    return findings;
  }

  /**
   * Each neighbour as its candidates are looked up (keyed to the neighbour itself): one whose
   * areas all lie within blocks of `around` is looked up by those blocks, which finds all it would
   * find and more (the rules drop the rest). Not beyond a county: a region's or a country's
   * consultations in a window are too many to fetch for one neighbour. Else one naming several
   * areas (a composite's plan), all within an area that another neighbour names alone, is looked
   * up by that area, whose query is made anyway: alone, its keys keep it from sharing any.
   */
  private async lookedUpWithin(subjects: readonly Subject[], around: Subject, manager: EntityManager): Promise<Map<Subject, Subject>> {
    const narrowEnough = (block: AreaEntity) => !BROAD_LEVELS.includes(block.level);
    const containers = (await this.areas.findByIds(around.areaBlockIds, manager)).filter(narrowEnough);
    const areas = new Map((await this.areas.findByIds([...new Set(subjects.flatMap((s) => s.areaBlockIds))], manager)).map((area) => [area.id, area]));
    const namedAlone = [...new Set(subjects.filter((s) => s.areaBlockIds.length === 1).map((s) => areas.get(s.areaBlockIds[0])))]
      .filter((area): area is AreaEntity => !!area && narrowEnough(area))
      .sort((a, b) => b.lineageIds.length - a.lineageIds.length); // the smallest first
    const lies = (id: string, container: AreaEntity) => areas.get(id)?.lineageIds.includes(container.id) ?? false;
    const lookedUpBy = (subject: Subject, blocks: AreaEntity[]): Subject => ({ ...subject, areaBlockIds: blocks.map((block) => block.id), areaLineageIds: lineageUnion(blocks) });
    return new Map(
      subjects.map((subject) => {
        const within = subject.areaBlockIds.map((id) => containers.find((container) => lies(id, container)));
        if (containers.length && within.every((container) => container)) return [lookedUpBy(subject, [...new Set(within as AreaEntity[])]), subject];
        const holder = subject.areaBlockIds.length > 1 ? namedAlone.find((area) => subject.areaBlockIds.every((id) => lies(id, area))) : undefined;
        return [holder ? lookedUpBy(subject, [holder]) : subject, subject];
      }),
    );
  }

  /**
   * The neighbours' candidate queries. Those looked up by a block of the consultation that brought
   * them up, or of another neighbour (`lookups` maps each lookup to its neighbour; see
   * lookedUpWithin), share one for that block with those naming it alone, however many their keys:
   * its candidates hold all of theirs. The others go close in time (closeInTime) with those
   * naming the same areas: a ward's neighbours may alternate in date order between county-wide
   * plans and a composite's, and taken together in date order neither kind could share a query
   * (a composite's keys alone pass MAX_GROUP_KEYS).
   */
  private fatigueGroups(lookups: ReadonlyMap<Subject, Subject>): FatigueGroup[] {
    const byBlocks = new Map<string, Subject[]>();
    const pooled = new Set<string>();
    for (const [lookup, subject] of lookups) {
      const blocks = lookup.areaBlockIds.join();
      listUnder(byBlocks, blocks, lookup);
      if (this.planKeys && lookup !== subject) pooled.add(blocks);
    }
    return [...byBlocks].flatMap(([blocks, sameAreas]) => (pooled.has(blocks) ? [this.oneQuery(sameAreas)] : this.closeInTime(sameAreas)));
  }

  private oneQuery(group: Subject[]): FatigueGroup {
    return { group, keys: new Set(group.flatMap((lookup) => planReachKeys(lookup, this.rules, FATIGUE_ONLY))) };
  }

  /** Neighbours in date order, grouped while their reach keys number at most MAX_GROUP_KEYS (one each where PostgreSQL works keys out). */
  private closeInTime(subjects: readonly Subject[]): FatigueGroup[] {
    const groups: FatigueGroup[] = [];
    for (const subject of [...subjects].sort((a, b) => compareCodeUnits(a.startDate, b.startDate) || compareCodeUnits(a.id!, b.id!))) {
      const own = planReachKeys(subject, this.rules, FATIGUE_ONLY);
      const last = groups.at(-1);
      const joined = last && this.planKeys ? new Set([...last.keys, ...own]) : undefined;
      if (last && joined && joined.size <= MAX_GROUP_KEYS) {
        last.group.push(subject);
        last.keys = joined;
      } else {
        groups.push({ group: [subject], keys: new Set(own) });
      }
    }
    return groups;
  }

  /**
   * The plan's conflicts told from its side, with its dates moved to `dates` if given (suggested
   * windows), explained unless `explain` is false (and only from `explainFrom` up). Paced: a request's check or window search gives
   * others a turn every few milliseconds, and stops at its deadline.
   */
  classify(facts: Facts, dates?: { startDate: CalendarDate; endDate: CalendarDate }, { explain = true, explainFrom = 'LOW' as Severity } = {}): Promise<Finding[]> {
    return this.judging.run({ task: 'judge', facts: portable(facts), dates, options: { otherSide: false, explain, explainFrom }, rules: this.rules });
  }

  /** suggestWindows' search over the starts from `from` to `to` of a plan `length` days long, with the facts loaded for all of them. */
  searchWindows(facts: Facts, from: CalendarDate, to: CalendarDate, length: number, limit: number): Promise<FoundWindow[]> {
    return this.judging.run({ task: 'windows', facts: portable(facts), from, to, length, limit, rules: this.rules });
  }

  /** Everything the rules need about a plan, in one query whatever the size of the register (names are mostly held). */
  async load(subject: Subject, viewerOrganisationId: string, manager: EntityManager = this.dataSource.manager, kinds: readonly ConflictKind[] = CONFLICT_KINDS, keys?: readonly string[]): Promise<Facts> {
    const planFindings = kinds.includes('DUPLICATE') && (await this.hasFindings(manager, subject));
    const rows = await this.candidates(manager, subject, viewerOrganisationId, kinds, keys, planFindings);
    // Thousands of candidates share a few hundred selections: each is split and looked up once,
    // and candidates with the same selection share its nodes.
    const areaSelections = new Selections(subject.areaBlockIds);
    const audienceSelections = new Selections(subject.audienceIds);
    const organisationIds = new Set([subject.organisationId]);
    for (const row of rows) {
      areaSelections.add(row.area_block_ids);
      audienceSelections.add(row.audience_ids);
      if (row.organisation_id) organisationIds.add(row.organisation_id);
    }
    const held = await this.names(manager, organisationIds, areaSelections.ids, audienceSelections.ids);
    const { organisations, areas, audiences } = held;
    const areaNodes = areaSelections.nodes(areas);
    const audienceNodes = audienceSelections.nodes(audiences);
    const plan: PlanFacts = { ...planFacts(subject, held), summary: subject.summary, findingsRecorded: planFindings };
    const candidates: CandidateFacts[] = [];
    const blackouts: BlackoutFacts[] = [];
    for (const row of rows) {
      const scope = { areas: areaNodes.get(row.area_block_ids)!, audiences: audienceNodes.get(row.audience_ids)! };
      if (row.source === 'blackout') {
        blackouts.push({ id: row.id, name: row.title, startDate: row.start_date, endDate: row.end_date, severity: row.severity, ...scope });
      } else {
        candidates.push({
          id: row.id,
          title: row.title,
          organisationName: organisations.get(row.organisation_id!) ?? '',
          startDate: row.start_date,
          endDate: row.end_date,
          channels: idsIn(row.channels),
          topics: row.topics ?? [],
          areas: scope.areas,
          audiences: scope.audiences,
          topicScore: Number(row.topic_score ?? 0),
          sharedWords: row.shared_words ?? [],
          findingsRecorded: row.findings_recorded === true,
          protection: row.protected_days_before === null ? null : { daysBefore: row.protected_days_before, daysAfter: row.protected_days_after! },
          jointId: row.joint_id,
        });
      }
    }
    const named = { areas: held.areas, audiences: held.audiences };
    return { plan, candidates, blackouts, names: namesFrom(named), rows: named };
  }

  /**
   * The candidate rows, looked up with the plan's reach keys (or `keys`) a chunk at a time: a plan
   * naming a district's wards one by one has thousands of keys, and a plan made for them (where a
   * server plans every run) prices the index lookup above reading the whole table and comparing
   * every row's keys with all of them, which at 1M takes minutes. The service's own plan, made
   * once for any keys, takes the index whatever their number; chunks also keep each statement's
   * parameters small. Each chunk's rows pass the same tests, so their union is the answer.
   */
  private async candidates(manager: EntityManager, subject: Subject, viewerOrganisationId: string, kinds: readonly ConflictKind[], keys: readonly string[] | undefined, planFindings: boolean): Promise<FactRow[]> {
    const all = keys ?? (this.planKeys ? await this.judging.run({ task: 'keys', subject: keySubject(subject), kinds, planFindings, rules: this.rules }) : undefined);
    const placeWords = await this.areas.placeWords(manager);
    const { topicTitle, topicSummary } = topicWording(subject, placeWords);
    const wording = { ...subject, title: topicTitle, summary: topicSummary };
    const lookup = (chunk?: readonly string[]) => runPrepared<FactRow>(manager, CANDIDATES, candidateParams(wording, viewerOrganisationId, this.rules, kinds, { planKeys: this.planKeys, keys: chunk, planFindings }));
    if (!all || all.length <= MAX_LOOKUP_KEYS) return lookup(all);
    const rows = new Map<string, FactRow>();
    for (const chunk of keyChunks(all)) for (const row of await lookup(chunk)) rows.set(`${row.source}:${row.id}`, row);
    return [...rows.values()];
  }

  /** Whether a stored CLOSED or REPORTED consultation has findings recorded: only then does it look forward for plans that may reuse them. */
  private async hasFindings(manager: EntityManager, subject: Subject): Promise<boolean> {
    if (!subject.id || !subject.status || !FINISHED_STATUSES.includes(subject.status)) return false;
    const [row] = await manager.query(`SELECT 1 FROM consultation_findings WHERE consultation_id = $1`, [subject.id]);
    return !!row;
  }

  /**
   * Each registered consultation's conflict with one blackout period (none or one), as find()
   * gives it among its BLACKOUT findings. When a coordinator changes a blackout, it is the only
   * fact that changed: the rules need no candidates, so no candidate query runs for each.
   */
  async blackoutFindings(blackoutId: string, subjects: readonly PlanSubject[], manager: EntityManager): Promise<Map<string, Finding[]>> {
    const [row]: BlackoutRow[] = await manager.query(
      `SELECT id, name, start_date::text AS "startDate", end_date::text AS "endDate", severity, area_block_ids AS "areaBlockIds", audience_ids AS "audienceIds"
         FROM blackout_period WHERE id = $1`,
      [blackoutId],
    );
    const organisationIds = new Set(subjects.map((s) => s.organisationId));
    const areaIds = new Set([...row.areaBlockIds, ...subjects.flatMap((s) => s.areaBlockIds)]);
    const audienceIds = new Set([...row.audienceIds, ...subjects.flatMap((s) => s.audienceIds)]);
    const held = await this.names(manager, organisationIds, areaIds, audienceIds);
    const { areaBlockIds, audienceIds: blackoutAudienceIds, ...period } = row;
    const blackout: BlackoutFacts = { ...period, areas: pick(held.areas, areaBlockIds), audiences: pick(held.audiences, blackoutAudienceIds) };
    const names = namesFrom(held);
    return new Map(subjects.map((s) => [s.id!, findConflicts(planFacts(s, held), [], [blackout], this.rules, names, { otherSide: true, kinds: BLACKOUT_ONLY })]));
  }

  /** The names the explanations use, and the lineages the rules compare: reference rows, so mostly held in memory. */
  private async names(manager: EntityManager, organisationIds: Set<string>, areaIds: Set<string>, audienceIds: Set<string>): Promise<Held> {
    const organisations = await this.organisations.findByIds([...organisationIds], manager);
    const areas = await this.areas.findByIds([...areaIds], manager);
    const audiences = await this.audiences.findByIds([...audienceIds], manager);
    return { organisations: new Map(organisations.map((o) => [o.id, o.name])), areas: new Map(areas.map((a) => [a.id, a])), audiences: new Map(audiences.map((a) => [a.id, a])) };
  }
}

/** Neighbours whose FATIGUE one candidate query serves, and the reach keys it looks up. */
interface FatigueGroup {
  group: Subject[];
  keys: Set<string>;
}

/** The reference rows a check names and compares, by id. */
interface Held {
  organisations: Map<string, string>;
  areas: Map<string, AreaEntity>;
  audiences: Map<string, AudienceEntity>;
}

/** What the rules need of a plan; a blackout's reach reads no more of each consultation. */
export type PlanSubject = Pick<Subject, 'id' | 'organisationId' | 'title' | 'startDate' | 'endDate' | 'channels' | 'topics' | 'areaBlockIds' | 'audienceIds' | 'protection'>;

function planFacts(subject: PlanSubject, { organisations, areas, audiences }: Held): PlanFacts {
  return {
    id: subject.id,
    title: subject.title,
    organisationName: organisations.get(subject.organisationId) ?? '',
    startDate: subject.startDate,
    endDate: subject.endDate,
    channels: subject.channels,
    topics: subject.topics,
    areas: pick(areas, subject.areaBlockIds),
    audiences: pick(audiences, subject.audienceIds),
    protection: subject.protection ?? null,
  };
}

/** Facts without their names (functions): what a judging thread can be handed. */
export function portable({ names, ...facts }: Facts): PortableFacts {
  return facts;
}

/** What a plan's reach keys are made of. */
function keySubject({ areaBlockIds, areaLineageIds, audienceIds, audienceLineageIds, startDate, endDate }: Subject): Pick<Subject, 'areaBlockIds' | 'areaLineageIds' | 'audienceIds' | 'audienceLineageIds' | 'startDate' | 'endDate'> {
  return { areaBlockIds, areaLineageIds, audienceIds, audienceLineageIds, startDate, endDate };
}

function idsIn(joined: string): string[] {
  return joined ? joined.split(',') : [];
}

// The held rows themselves serve as nodes: no copy per candidate.
function pick(map: ReadonlyMap<string, HierarchyNode>, ids: readonly string[]): HierarchyNode[] {
  const nodes: HierarchyNode[] = [];
  for (const id of ids) {
    const node = map.get(id);
    if (node) nodes.push(node);
  }
  return nodes;
}

/** The distinct comma-joined selections of a query's rows, and every id they name. */
class Selections {
  readonly ids: Set<string>;
  private readonly split = new Map<string, string[]>();

  constructor(planIds: readonly string[]) {
    this.ids = new Set(planIds);
  }

  add(joined: string): void {
    if (this.split.has(joined)) return;
    const ids = idsIn(joined);
    this.split.set(joined, ids);
    for (const id of ids) this.ids.add(id);
  }

  /** Each selection's nodes, from the rows of its ids. */
  nodes(rows: ReadonlyMap<string, HierarchyNode>): Map<string, readonly HierarchyNode[]> {
    return new Map([...this.split].map(([joined, ids]) => [joined, pick(rows, ids)]));
  }
}

/**
 * Candidates indexed by the areas, then the audiences, they name, to hand each neighbour only
 * those that share its territory and people. A selection meets a neighbour's areas where one of
 * its blocks lies within a neighbour's block or is one of the neighbour's lineage: both are map
 * look-ups here, so a ward's neighbour passes over the rest of its county's candidates unread.
 * Candidates with the same selection share its nodes (see Selections); whether audiences meet is
 * worked out once for each pair of selections.
 */
class TerritoryIndex {
  private readonly byAreas = new Map<Nodes, Map<Nodes, CandidateFacts[]>>();
  /** Area id → the selections with a block at or inside it. */
  private readonly within = new Map<string, Nodes[]>();
  /** Area id → the selections naming it as a block. */
  private readonly naming = new Map<string, Nodes[]>();
  private readonly met = new Map<Nodes, Map<Nodes, boolean>>();

  constructor(candidates: readonly CandidateFacts[]) {
    for (const candidate of candidates) {
      let byAudiences = this.byAreas.get(candidate.areas);
      if (!byAudiences) {
        this.byAreas.set(candidate.areas, (byAudiences = new Map()));
        for (const block of candidate.areas) {
          for (const id of block.lineageIds) listUnder(this.within, id, candidate.areas);
          listUnder(this.naming, block.id, candidate.areas);
        }
      }
      listUnder(byAudiences, candidate.audiences, candidate);
    }
  }

  /** The candidates whose areas meet `areas`, whose audiences meet `audiences` and whose dates meet `first` to `last`. */
  meeting(areas: Nodes, audiences: Nodes, first: CalendarDate, last: CalendarDate): CandidateFacts[] {
    const selections = new Set<Nodes>();
    for (const node of areas) {
      for (const selection of this.within.get(node.id) ?? []) selections.add(selection);
      for (const id of node.lineageIds) for (const selection of this.naming.get(id) ?? []) selections.add(selection);
    }
    const found: CandidateFacts[] = [];
    for (const selection of selections) {
      for (const [audienceSelection, candidates] of this.byAreas.get(selection)!) {
        if (!this.audiencesMeet(audiences, audienceSelection)) continue;
        for (const candidate of candidates) if (candidate.startDate <= last && candidate.endDate >= first) found.push(candidate);
      }
    }
    return found;
  }

  private audiencesMeet(a: Nodes, b: Nodes): boolean {
    let withA = this.met.get(a);
    if (!withA) this.met.set(a, (withA = new Map()));
    let answer = withA.get(b);
    if (answer === undefined) withA.set(b, (answer = meets(a, b)));
    return answer;
  }
}

type Nodes = readonly HierarchyNode[];

/** One subject standing for several in a candidate query: their territories, audiences, topics and dates together. */
function unionOf(subjects: readonly Subject[]): Subject {
  const all = (idsOf: (s: Subject) => readonly string[]) => [...new Set(subjects.flatMap(idsOf))];
  return {
    organisationId: NETWORK_VIEW,
    title: '',
    summary: '',
    startDate: subjects.map((s) => s.startDate).reduce(minDate),
    endDate: subjects.map((s) => s.endDate).reduce(maxDate),
    channels: [],
    topics: all((s) => s.topics),
    areaBlockIds: all((s) => s.areaBlockIds),
    areaLineageIds: all((s) => s.areaLineageIds),
    audienceIds: all((s) => s.audienceIds),
    audienceLineageIds: all((s) => s.audienceLineageIds),
  };
}
