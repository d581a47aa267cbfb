import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AreasService } from '../../src/areas/areas.service';
import { topicWording } from '../../src/conflicts/place-names';
import { AudiencesService } from '../../src/audiences/audiences.service';
import { Caller } from '../../src/auth/caller';
import { ClashRules } from '../../src/conflicts/clash-rules';
import { ConflictFinder } from '../../src/conflicts/conflict-finder';
import { JudgingThreads } from '../../src/conflicts/judging/judging-threads';
import { CLASH_RULES } from '../../src/conflicts/conflicts.tokens';
import { ConflictsService } from '../../src/conflicts/conflicts.service';
import { ConsultationEntity } from '../../src/consultations/consultation.entity';
import { ConsultationInput } from '../../src/consultations/consultation.inputs';
import { ConsultationsService, ResolvedPlan } from '../../src/consultations/consultations.service';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { ExpectedConflict, OracleBlackout, OracleConsultation, oracleConflicts, OracleWorld, textsToStem, unitsOf } from '../support/clash-oracle';
import { createTestApp, TestApp } from '../support/test-app';
import { propertyRuns } from '../support/test-env';

// Random registers and plans, checked by the real, database-backed clash check and by the
// brute-force oracle (test/support/clash-oracle.ts). npm test runs a few hundred cases from a
// fixed seed, so it never flakes; `npm run test:properties` runs thousands from a new seed each
// time (PROPERTY_RUNS, PROPERTY_SEED), and a failure prints the seed that replays it.
const RUNS = propertyRuns(100);
// Each case registers and checks through the database: allow about 60 ms a case, never less than 30 s.
const TIMEOUT = Math.max(30_000, RUNS * 2 * 60);
fc.configureGlobal({ seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : process.env.PROPERTY_RUNS ? undefined : 20261125 });

const ORGANISATIONS = ['TBC', 'LDC', 'SP'];
const AREAS = ['E10000028', 'E07000199', 'E07000194', 'E06000021', 'SSOT']; // county, Tamworth, Lichfield, Stoke, county + Stoke
const AUDIENCES = ['RESIDENTS', 'YOUNG_PEOPLE', 'SECONDARY_PUPILS', 'OLDER_PEOPLE', 'CITIZENS_PANEL', 'YOUTH_PANEL', 'BUSINESSES'];
const CHANNELS = ['ONLINE_SURVEY', 'PUBLIC_MEETING', 'PANEL_SURVEY'];
const TOPICS = ['parking', 'libraries', 'budget'];
// Titles that share words in every way the wording rule weighs (see clash-oracle.ts): two or three
// distinctive words, which score enough while few consultations use them; one word, which never
// does; a place name ("Tamworth parks" and "Tamworth parking" share only "park"), a number ("2028")
// and the words of an audience's name ("older people") that do not count; and words that become the
// register's boilerplate ("review") once enough of it uses them.
const TITLES = ['Parking charges review', 'Parking permits review', 'Tamworth parking', 'Tamworth parks', 'Library opening hours', 'Libraries review', 'Budget 2028', "Older people's day centres", 'Green spaces', 'Parks and green spaces'];
const STATUSES = ['DRAFT', 'PLANNED', 'LIVE', 'CLOSED', 'CANCELLED'] as const;
// Summer 2028 into Christmas: school holidays, half term and the Christmas break are blackouts.
const FIRST_DAY = Date.UTC(2028, 6, 1);

interface Generated {
  organisation: string;
  status: (typeof STATUSES)[number];
  title: string;
  areaCodes: string[];
  audienceCodes: string[];
  channels: string[];
  topics: string[];
  start: number;
  length: number;
}

describe('clash check properties (fast-check, against an oracle)', () => {
  let t: TestApp;
  let conflicts: ConflictsService;
  let consultations: ConsultationsService;
  let rules: ClashRules;
  let world: OracleWorld;
  let blackouts: OracleBlackout[];
  let organisationIds: Record<string, string>;
  const selections = new Map<string, Pick<ResolvedPlan, 'areaIds' | 'audienceIds' | 'areaBlockIds' | 'areaLineageIds' | 'audienceLineageIds'>>();
  let wards: string[];

  const consultation = (): fc.Arbitrary<Generated> =>
    fc.record({
      organisation: fc.constantFrom(...ORGANISATIONS),
      status: fc.constantFrom(...STATUSES),
      title: fc.constantFrom(...TITLES),
      areaCodes: fc.uniqueArray(fc.constantFrom(...AREAS, ...wards), { minLength: 1, maxLength: 2 }),
      audienceCodes: fc.uniqueArray(fc.constantFrom(...AUDIENCES), { minLength: 1, maxLength: 2 }),
      channels: fc.uniqueArray(fc.constantFrom(...CHANNELS), { maxLength: 2 }),
      topics: fc.uniqueArray(fc.constantFrom(...TOPICS), { maxLength: 2 }),
      start: fc.integer({ min: 0, max: 150 }),
      length: fc.integer({ min: 1, max: 45 }),
    });
  // One registration per organisation, title and dates, as the database insists.
  const register = () =>
    fc.uniqueArray(consultation(), { maxLength: 14, selector: (c) => `${c.organisation}|${c.title}|${c.start}|${c.length}` });

  const inputOf = (g: Generated): ConsultationInput => ({
    title: g.title,
    summary: '',
    areaCodes: g.areaCodes,
    audienceCodes: g.audienceCodes,
    channels: g.channels as ConsultationInput['channels'],
    topics: g.topics,
    startDate: isoDay(g.start),
    endDate: isoDay(g.start + g.length - 1),
    status: g.status,
    statutory: false,
  });

  /** The plan as the service resolves it; area and audience selections are remembered between cases. */
  async function resolve(g: Generated): Promise<ResolvedPlan> {
    const key = `${g.areaCodes}|${g.audienceCodes}`;
    if (!selections.has(key)) {
      const { areaIds, audienceIds, areaBlockIds, areaLineageIds, audienceLineageIds } = await consultations.resolvePlan(inputOf(g));
      selections.set(key, { areaIds, audienceIds, areaBlockIds, areaLineageIds, audienceLineageIds });
    }
    const input = inputOf(g);
    // The wording the service keeps for the topic rule, as resolvePlan makes it.
    const wording = topicWording({ title: input.title, summary: '' }, await t.app.get(AreasService).placeWords());
    return { ...input, summary: '', ...wording, topics: [...g.topics].sort(), channels: input.channels, expectedRespondents: null, statutory: false, status: g.status, ...selections.get(key)! } as ResolvedPlan;
  }

  /** Registers the consultations straight into the table (no conflicts kept), runs the check, then removes them. */
  async function withRegister<T>(generated: readonly Generated[], check: (registered: OracleConsultation[]) => Promise<T>): Promise<T> {
    const rows = await Promise.all(generated.map(async (g) => ({ ...(await resolve(g)), organisationId: organisationIds[g.organisation] })));
    const ids = rows.length ? (await t.dataSource.getRepository(ConsultationEntity).insert(rows)).identifiers.map((i) => i.id as string) : [];
    try {
      return await check(rows.map((row, i) => ({ ...row, id: ids[i] })));
    } finally {
      if (ids.length) await t.dataSource.query(`DELETE FROM consultation WHERE id = ANY($1)`, [ids]);
    }
  }

  const callerOf = (organisation: string): Caller => ({ memberId: '00000000-0000-0000-0000-000000000001', organisationId: organisationIds[organisation], role: 'OFFICER', name: 'Property test', email: 'property@example.org' });
  const asOracle = (g: Generated, plan: ResolvedPlan, id = 'plan'): OracleConsultation => ({ ...plan, id, organisationId: organisationIds[g.organisation] });
  const summary = (found: readonly ExpectedConflict[]) =>
    found.map((f) => `${f.kind} ${f.severity} ${f.otherId ?? f.blackoutId ?? `${f.related} others`}`).sort();

  beforeAll(async () => {
    // No rate limit: the blackout property's coordinator sends more than 600 requests a minute at npm run test:properties's 2,000 runs.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    conflicts = t.app.get(ConflictsService);
    consultations = t.app.get(ConsultationsService);
    rules = t.app.get(CLASH_RULES);
    ({ world, blackouts, organisationIds, wards } = await loadWorld(t.dataSource));
    // The oracle counts the register's words from the consultations each case registers: the table holds no others.
    expect(await t.dataSource.query(`SELECT count(*)::int AS count FROM consultation`)).toEqual([{ count: 0 }]);
  });
  afterAll(() => t.close());

  it('finds the same conflicts with the same severities as the oracle', async () => {
    const met = new Set<string>();
    // The rarest ways of grading come first, whatever the seed: a rule needing four things at once
    // (the same personal channel, the public at large, a district, overlapping dates) is met by only
    // a few of a few hundred random cases.
    const g = (organisation: string, title: string, areaCodes: string[], audienceCodes: string[], channels: string[], start: number, length: number): Generated =>
      ({ organisation, status: 'PLANNED', title, areaCodes, audienceCodes, channels, topics: [], start, length });
    const examples: [Generated[], Generated][] = [
      // Residents met at public meetings in Tamworth (MEDIUM), one by the same title (a DUPLICATE by
      // its words), and its older people met by a panel survey (LOW: not the same channel): in
      // person, all four tire the residents.
      [
        [
          g('LDC', 'Library opening hours', ['E07000199'], ['RESIDENTS'], ['PUBLIC_MEETING'], 10, 20),
          g('SP', 'Parking permits review', ['E07000199'], ['RESIDENTS'], ['ONLINE_SURVEY', 'PUBLIC_MEETING'], 12, 20),
          g('TBC', 'Budget 2028', ['E07000199'], ['OLDER_PEOPLE'], ['PANEL_SURVEY'], 14, 10),
        ],
        g('TBC', 'Library opening hours', ['E07000199'], ['RESIDENTS'], ['PUBLIC_MEETING'], 15, 10),
      ],
      // Young people in Lichfield, met in person by both (HIGH) or surveyed online by one (MEDIUM): FATIGUE.
      [
        [
          g('LDC', 'Libraries review', ['E07000194'], ['YOUNG_PEOPLE'], ['PUBLIC_MEETING'], 40, 20),
          g('SP', 'Tamworth parks', ['E07000194'], ['SECONDARY_PUPILS'], ['ONLINE_SURVEY'], 45, 10),
          g('TBC', 'Budget 2028', ['E07000194'], ['YOUNG_PEOPLE'], ['ONLINE_SURVEY'], 50, 10),
        ],
        g('LDC', 'Parking charges review', ['E07000194'], ['YOUNG_PEOPLE'], ['PANEL_SURVEY'], 42, 20),
      ],
      // The county's residents surveyed online four times at once: no FATIGUE, they are rarely the same people.
      [
        [
          g('LDC', 'Libraries review', ['E10000028'], ['RESIDENTS'], ['ONLINE_SURVEY'], 100, 20),
          g('SP', 'Tamworth parks', ['E10000028'], ['RESIDENTS'], [], 105, 10),
          g('TBC', 'Budget 2028', ['E10000028'], ['RESIDENTS'], ['ONLINE_SURVEY'], 110, 10),
        ],
        g('SP', 'Parking charges review', ['E10000028'], ['RESIDENTS'], ['ONLINE_SURVEY'], 102, 20),
      ],
      // A body's house style: Tamworth writes "parking" in each of its five plans, which between two of
      // them says nothing, while the register (sixty, others' in Stoke) has too few to call it boilerplate;
      // "Parking charges review" twice would otherwise be a DUPLICATE by its words.
      [
        [
          g('TBC', 'Parking charges review', ['E07000199'], ['OLDER_PEOPLE'], [], 60, 10),
          ...[0, 1, 2, 3].map((i) => g('TBC', 'Parking permits review', ['E07000199'], ['OLDER_PEOPLE'], [], i * 40, 10)),
          ...Array.from({ length: 55 }, (_, i) => g(['SCC', 'LDC', 'SP', 'SCO', 'SFRS'][i % 5], TITLES[4 + (i % 4)], ['E06000021'], ['BUSINESSES'], [], i, 5)),
        ],
        g('TBC', 'Parking charges review', ['E07000199'], ['OLDER_PEOPLE'], [], 62, 10),
      ],
    ];
    await fc.assert(
      fc.asyncProperty(register(), consultation(), async (generated, planned) => {
        const plan = await resolve(planned);
        await withRegister(generated, async (registered) => {
          const actual = await conflicts.check(callerOf(planned.organisation), inputOf(planned));
          const expected = oracleConflicts(asOracle(planned, plan), registered, blackouts, organisationIds[planned.organisation], world, rules, met);
          // A check without advice is clashes only, the oracle's kinds.
          expect(summary(actual.map((c) => ({ ...c, kind: c.kind as ExpectedConflict['kind'], related: c.relatedIds.length })))).toEqual(summary(expected));
          expected.forEach((c) => met.add(`${c.kind} ${c.severity}`));
          // Ordered by severity, then date: HIGH first.
          const ranks = actual.map((c) => ['HIGH', 'MEDIUM', 'LOW'].indexOf(c.severity));
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        });
      }),
      { numRuns: RUNS * 2, examples },
    );
    // The cases were not all empty: every kind of conflict and every grade of overlap came up, by
    // every rule that gives it, and every rule that holds a clash back held one back.
    expect([...met].sort()).toEqual(expect.arrayContaining(['BLACKOUT MEDIUM', 'DUPLICATE HIGH', 'DUPLICATE MEDIUM', 'FATIGUE MEDIUM', 'OVERLAP HIGH', 'OVERLAP LOW', 'OVERLAP MEDIUM']));
    const everyRule = [
      ...['allAsked', 'groupInPerson', 'group', 'generalInPerson', 'general', 'nearMiss', 'allAskedNearMiss'],
      ...['topic', 'topicOverlapping', 'words', 'wordsOverlapping', 'wordsTooFew'],
      ...['placeWordLeftOut', 'numberLeftOut', 'audienceWordLeftOut', 'boilerplateLeftOut', 'houseStyleLeftOut'],
      ...['fatigue', 'fatigueInPerson', 'fatigueSpared', 'blackout'],
    ];
    expect(everyRule.filter((rule) => !met.has(rule))).toEqual([]);
  }, TIMEOUT);

  it('is symmetric: A overlaps or duplicates B exactly when B does A, at the same severity', async () => {
    const registeredPlan = consultation().map((g) => ({ ...g, status: 'PLANNED' as const }));
    await fc.assert(
      fc.asyncProperty(registeredPlan, registeredPlan, async (a, b) => {
        const seenBy = (subject: Generated, other: Generated) =>
          withRegister([other], async ([registered]) =>
            (await conflicts.check(callerOf(subject.organisation), inputOf(subject)))
              .filter((c) => c.otherId === registered.id)
              .map((c) => `${c.kind} ${c.severity}`)
              .sort(),
          );
        expect(await seenBy(a, b)).toEqual(await seenBy(b, a));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('keeps each registered consultation\'s conflict with a blackout period as the oracle finds it, as a coordinator creates and edits the period', async () => {
    const coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    const dates = { start: fc.integer({ min: 0, max: 150 }), length: fc.integer({ min: 1, max: 60 }) };
    const scope = {
      severity: fc.constantFrom('HIGH', 'MEDIUM', 'LOW'),
      areaCodes: fc.uniqueArray(fc.constantFrom(...AREAS, ...wards), { maxLength: 2 }),
      audienceCodes: fc.uniqueArray(fc.constantFrom(...AUDIENCES), { maxLength: 2 }),
    };
    const created = fc.record({ ...dates, ...scope });
    // An edit moves the dates and may leave out any of the rest, which then keeps its value.
    const edit = fc.record({ ...dates, ...scope }, { requiredKeys: ['start', 'length'] });
    const input = ({ start, length, ...rest }: { start: number; length: number }) => ({ ...rest, startDate: isoDay(start), endDate: isoDay(start + length - 1) });
    const seen = { kept: 0, gained: 0, lost: 0 };
    await fc.assert(
      fc.asyncProperty(register(), created, edit, async (generated, first, second) => {
        await withRegister(generated, async (registered) => {
          const { createBlackoutPeriod: { id } } = await t.ok(coordinator, `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, { input: { name: 'Property hold', ...input(first) } });
          try {
            const before = await storedAgreesWithOracle(id, registered);
            await t.ok(coordinator, `mutation($id: ID!, $input: BlackoutPeriodUpdateInput!) { updateBlackoutPeriod(id: $id, input: $input) { id } }`, { id, input: input(second) });
            const after = await storedAgreesWithOracle(id, registered);
            seen.kept += after.filter((c) => before.includes(c)).length;
            seen.gained += after.filter((c) => !before.includes(c)).length;
            seen.lost += before.filter((c) => !after.includes(c)).length;
          } finally {
            await t.ok(coordinator, `mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id });
          }
        });
      }),
      { numRuns: RUNS },
    );
    // Edits kept, added and removed conflicts, not only left the register alone.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);

    /** The stored conflicts with the blackout, as "consultation severity", checked against the oracle's. */
    async function storedAgreesWithOracle(blackoutId: string, registered: readonly OracleConsultation[]): Promise<string[]> {
      const [blackout]: OracleBlackout[] = await t.dataSource.query(
        `SELECT id, start_date::text AS "startDate", end_date::text AS "endDate", severity, area_ids AS "areaIds", audience_ids AS "audienceIds" FROM blackout_period WHERE id = $1`,
        [blackoutId],
      );
      const stored: { id: string; severity: string }[] = await t.dataSource.query(`SELECT consultation_id AS id, severity FROM conflict WHERE blackout_id = $1`, [blackoutId]);
      const expected = registered
        .filter((c) => ['PLANNED', 'LIVE', 'CLOSED'].includes(c.status))
        .filter((c) => oracleConflicts(c, [], [blackout], c.organisationId, world, rules).some((f) => f.blackoutId === blackoutId))
        .map((c) => `${c.id} ${blackout.severity}`);
      expect(stored.map((c) => `${c.id} ${c.severity}`).sort()).toEqual(expected.sort());
      return expected;
    }
  }, TIMEOUT);

  const finderWith = (settings: ClashRules) =>
    new ConflictFinder(t.dataSource, settings, t.app.get(OrganisationsService), t.app.get(AreasService), t.app.get(AudiencesService), t.app.get(JudgingThreads));

  it('is monotonic: a wider gap or look-around never removes a conflict', async () => {
    await fc.assert(
      fc.asyncProperty(register(), consultation(), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 30 }), async (generated, planned, gapDays, wider) => {
        const narrow = finderWith({ ...rules, gapDays, lookAroundDays: 60 });
        const wide = finderWith({ ...rules, gapDays: gapDays + wider, lookAroundDays: 60 + wider });
        const subject = { ...(await resolve(planned)), organisationId: organisationIds[planned.organisation] };
        await withRegister(generated, async () => {
          const found = async (finder: ConflictFinder) =>
            (await finder.find(subject, subject.organisationId)).findings.filter((f) => f.kind !== 'FATIGUE').map((f) => `${f.kind} ${f.otherId ?? f.blackoutId}`);
          const widened = new Set(await found(wide));
          expect((await found(narrow)).filter((conflict) => !widened.has(conflict))).toEqual([]);
        });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});

function isoDay(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The reference trees and blackouts as data for the oracle, and the wards the plans may pick. */
async function loadWorld(dataSource: DataSource) {
  const areas: { id: string; parentId: string | null; memberIds: string[] }[] = await dataSource.query(
    `SELECT a.id, a.parent_id AS "parentId", coalesce(array_agg(m.member_id) FILTER (WHERE m.member_id IS NOT NULL), '{}') AS "memberIds"
       FROM area a LEFT JOIN area_composite_member m ON m.composite_id = a.id GROUP BY a.id`,
  );
  const audiences: { id: string; parentId: string | null; code: string; name: string }[] = await dataSource.query(`SELECT id, parent_id AS "parentId", code, name FROM audience`);
  const levels: { id: string; level: string; name: string }[] = await dataSource.query(`SELECT id, level, name FROM area`);
  const blackouts: OracleBlackout[] = await dataSource.query(
    `SELECT id, start_date::text AS "startDate", end_date::text AS "endDate", severity, area_ids AS "areaIds", audience_ids AS "audienceIds" FROM blackout_period`,
  );
  const organisations: { id: string; code: string }[] = await dataSource.query(`SELECT id, code FROM organisation`);
  // Two wards of Tamworth and two of Lichfield.
  const wards: { code: string }[] = await dataSource.query(
    `SELECT code FROM (SELECT a.code, row_number() OVER (PARTITION BY a.parent_id ORDER BY a.code) AS n
                         FROM area a JOIN area p ON p.id = a.parent_id WHERE p.code IN ('E07000199', 'E07000194')) w WHERE n <= 2`,
  );
  // The wording rule's inputs: the words of place and audience names, and PostgreSQL's stems of every text a case can hold.
  // Every area's name, as the service reads place names (a ward's "Green" makes "Green spaces" a place).
  const names: { name: string }[] = await dataSource.query(`SELECT name FROM area`);
  const placeWords = new Set(names.flatMap((a) => a.name.toLowerCase().match(/[a-z]+/g) ?? []));
  const stemsOf = async (texts: readonly string[]): Promise<string[][]> =>
    (await dataSource.query(`SELECT tsvector_to_array(to_tsvector('english', text)) AS stems FROM unnest($1::text[]) WITH ORDINALITY AS t(text, n) ORDER BY n`, [texts])).map((r: { stems: string[] }) => r.stems);
  const texts = textsToStem([...TITLES, ''], placeWords);
  const stems = new Map((await stemsOf(texts)).map((words, i) => [texts[i], words]));
  const audienceWords = new Set((await stemsOf(audiences.map((a) => a.name))).flat());
  return {
    world: {
      areaUnits: unitsOf(areas),
      audienceUnits: unitsOf(audiences),
      areaMembers: new Map(areas.map((a) => [a.id, a.memberIds])),
      areaLevels: new Map(levels.map((a) => [a.id, a.level])),
      audienceParents: new Map(audiences.map((a) => [a.id, a.parentId])),
      audienceCodes: new Map(audiences.map((a) => [a.id, a.code])),
      placeWords,
      audienceWords,
      stems,
    },
    blackouts,
    organisationIds: Object.fromEntries(organisations.map((o) => [o.code, o.id])),
    wards: wards.map((w) => w.code),
  };
}
