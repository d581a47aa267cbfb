import fc from 'fast-check';
import { CANDIDATES_SQL } from '../../src/conflicts/candidates.sql';
import { ConflictFinder, NETWORK_VIEW } from '../../src/conflicts/conflict-finder';
import { subjectOf } from '../../src/conflicts/conflict-store';
import { ConsultationEntity } from '../../src/consultations/consultation.entity';
import { recordSql } from '../support/sql-recorder';
import { createTestApp, TestApp } from '../support/test-app';

// A registration, a move or a cancellation changes the FATIGUE verdicts of the registered plans
// around it, which are worked out together, neighbours close in time sharing one candidate query
// (ConflictFinder.fatigueOf). Whatever plans come, move and go, every plan's stored FATIGUE
// conflict must be what working it out afresh, on its own, gives. Only what reaches a group tires
// it: residents at large count only when met in person by both, so a move that changes a plan's
// channels changes its neighbours' verdicts too.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`;
const CANCEL = `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`;

describe('FATIGUE of the neighbours', () => {
  let t: TestApp;
  let officer: string;
  let areas: string[][];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '0' }); // hundreds of registrations a minute
    officer = (await t.member('SCC', 'COORDINATOR')).apiKey;
    // The county, two districts and four wards of one: plans that reach each other in part.
    const rows: { code: string }[] = await t.dataSource.query(
      `(SELECT code FROM area WHERE code IN ('E10000028', 'E07000196', 'E07000197'))
       UNION ALL
       (SELECT code FROM area WHERE level = 'WARD' AND parent_id = (SELECT id FROM area WHERE code = 'E07000196') ORDER BY code LIMIT 4)`,
    );
    // Each alone, and two wards named together, as a plan for a neighbourhood would.
    const codes = rows.map((r) => r.code);
    areas = [...codes.map((code) => [code]), codes.slice(3, 5), codes.slice(5, 7)];
  });
  afterAll(() => t.close());

  interface Plan {
    area: number;
    audience: string[];
    channels: string[];
    startDay: number;
    days: number;
  }
  const plan: fc.Arbitrary<Plan> = fc.record({
    area: fc.nat(),
    audience: fc.constantFrom(['OLDER_PEOPLE'], ['YOUNG_PEOPLE'], ['OLDER_PEOPLE', 'UNPAID_CARERS'], ['RESIDENTS']),
    channels: fc.constantFrom(['ONLINE_SURVEY'], ['DROP_IN'], ['ONLINE_SURVEY', 'DROP_IN']),
    startDay: fc.integer({ min: 0, max: 70 }),
    days: fc.integer({ min: 3, max: 30 }),
  });
  const step = fc.oneof(
    { weight: 6, arbitrary: plan.map((p) => ({ op: 'register' as const, plan: p })) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), which: fc.nat(), plan }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }) },
  );

  it('keeps every plan\'s stored FATIGUE equal to working it out on its own, as plans come, move and go', async () => {
    let run = 0;
    let fatigued = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 12, maxLength: 24 }), async (steps) => {
        run++;
        const ids: string[] = [];
        const input = (p: Plan, n: number) => {
          const start = new Date(Date.UTC(2031 + run, 0, 5 + p.startDay));
          const end = new Date(start.getTime() + p.days * 86_400_000);
          return { title: `Plan ${run}.${n}`, areaCodes: areas[p.area % areas.length], audienceCodes: p.audience, channels: p.channels, startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
        };
        for (const [n, s] of steps.entries()) {
          if (s.op === 'register') ids.push((await t.ok(officer, REGISTER, { input: input(s.plan, n) })).registerConsultation.id);
          // A cancelled plan can be neither moved nor cancelled again: those steps are refused.
          else if (ids.length && s.op === 'move') await t.graphql(officer, UPDATE, { id: ids[s.which % ids.length], input: input(s.plan, n) });
          else if (ids.length && s.op === 'cancel') await t.graphql(officer, CANCEL, { id: ids[s.which % ids.length] });
        }
        fatigued += await expectFatigueAsWorkedOutAlone(ids);
      }),
      { numRuns: 8, seed: 20261126 },
    );
    expect(fatigued).toBeGreaterThan(20); // the runs did make plans tired

  }, 120_000);

  it('brings the neighbours of a county-wide plan in its wards up to date with one candidate query', async () => {
    const wards: { code: string }[] = await t.dataSource.query(
      `SELECT w.code FROM area w JOIN area c ON c.id = ANY(w.lineage_ids) WHERE c.code = 'E10000028' AND w.level = 'WARD' ORDER BY w.code LIMIT 40`,
    );
    const audiences = [['OLDER_PEOPLE'], ['YOUNG_PEOPLE'], ['UNPAID_CARERS'], ['RESIDENTS']];
    const day = (n: number) => new Date(Date.UTC(2045, 0, 2 + n)).toISOString().slice(0, 10);
    const ids: string[] = [];
    for (const [i, { code }] of wards.entries()) {
      const input = { title: `Ward plan ${i}`, areaCodes: [code], audienceCodes: audiences[i % audiences.length], startDate: day(i * 3), endDate: day(i * 3 + 20) };
      ids.push((await t.ok(officer, REGISTER, { input })).registerConsultation.id);
    }
    // It asks the groups most of them ask (the ward plans asking residents at large do not tire them).
    const county = { title: 'County plan', areaCodes: ['E10000028'], audienceCodes: ['OLDER_PEOPLE', 'YOUNG_PEOPLE', 'UNPAID_CARERS'], startDate: day(0), endDate: day(140) };
    await t.settled();
    const statements = await recordSql(async () => {
      ids.push((await t.ok(officer, REGISTER, { input: county })).registerConsultation.id);
      await t.settled();
    });
    expect(wards).toHaveLength(40);
    // One for the plan's own conflicts (in the request), one for all its neighbours' FATIGUE (queued, just after).
    expect(statements.filter((text) => text === CANDIDATES_SQL)).toHaveLength(2);
    expect(await expectFatigueAsWorkedOutAlone(ids)).toBeGreaterThan(0);
  });

  it('looks up together neighbours naming one area and those naming several areas within it, though they alternate in date order', async () => {
    const wards: { code: string }[] = await t.dataSource.query(
      `SELECT w.code FROM area w JOIN area d ON d.id = w.parent_id WHERE d.code = 'E07000196' AND w.level = 'WARD' ORDER BY w.code LIMIT 20`,
    );
    const register = (title: string, areaCodes: string[], start: number, days: number) => registerOlderPeople(title, areaCodes, 2047, start, days);
    // District-wide plans alternate with plans naming twenty of its wards one by one, whose keys
    // alone are more than one query takes with others'.
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await register(`Neighbour ${i}`, i % 2 ? wards.map((w) => w.code) : ['E07000196'], 1 + i * 3, 10));
    await t.settled();
    const statements = await recordSql(async () => {
      ids.push(await register('Ward plan', [wards[0].code], 0, 20));
      await t.settled();
    });
    expect(wards).toHaveLength(20);
    // The plan's own, and one for all six: the twenty-ward plans lie within the district that the
    // others name alone, and are looked up with them (it was seven, one for each).
    expect(statements.filter((text) => text === CANDIDATES_SQL)).toHaveLength(2);
    expect(await expectFatigueAsWorkedOutAlone(ids)).toBeGreaterThan(0);
  });

  it('looks a neighbour naming several areas up by one that holds them all, never by one holding only some', async () => {
    const [w1, w2] = areas.filter((codes) => codes.length === 1).slice(3, 5).map(([code]) => code);
    const register = (title: string, areaCodes: string[]) => registerOlderPeople(title, areaCodes, 2049, 3, 10);
    // w1 is named alone by a neighbour of the last plan; only the two-ward plan also reaches the
    // three plans in w2, so looked up by w1 it would not see them.
    const ids = [await register('In w1', [w1]), await register('w2 a', [w2]), await register('w2 b', [w2]), await register('w2 c', [w2]), await register('Both', [w1, w2])];
    ids.push(await register('In w1 again', [w1]));
    expect(await expectFatigueAsWorkedOutAlone(ids)).toBeGreaterThan(0);
  });

  /** Registers a plan asking older people in `areaCodes`, from day `start` of `year` for `days` more days; its id. */
  async function registerOlderPeople(title: string, areaCodes: string[], year: number, start: number, days: number): Promise<string> {
    const day = (n: number) => new Date(Date.UTC(year, 0, 1 + n)).toISOString().slice(0, 10);
    const input = { title, areaCodes, audienceCodes: ['OLDER_PEOPLE'], startDate: day(start), endDate: day(start + days) };
    return (await t.ok(officer, REGISTER, { input })).registerConsultation.id;
  }

  /** Expects each consultation's stored FATIGUE to be what working it out afresh, on its own, gives; how many are stored. */
  async function expectFatigueAsWorkedOutAlone(ids: string[]): Promise<number> {
    await t.settled();
    const finder = t.app.get(ConflictFinder);
    const manager = t.dataSource.manager;
    let fatigued = 0;
    for (const consultation of await manager.findBy(ConsultationEntity, ids.map((id) => ({ id })))) {
      const stored = await manager.query(
        `SELECT severity, related_ids AS "relatedIds", shared_area_ids AS "sharedAreaIds", shared_audience_ids AS "sharedAudienceIds",
                overlap_start::text AS "overlapStart", overlap_end::text AS "overlapEnd", explanation
           FROM conflict WHERE kind = 'FATIGUE' AND consultation_id = $1`,
        [consultation.id],
      );
      fatigued += stored.length;
      const afresh = consultation.status === 'CANCELLED' ? [] : (await finder.find(subjectOf(consultation), NETWORK_VIEW, manager, ['FATIGUE'])).findings;
      expect(stored).toEqual(afresh.map(({ severity, relatedIds, sharedAreaIds, sharedAudienceIds, overlapStart, overlapEnd, explanation }) => ({ severity, relatedIds, sharedAreaIds, sharedAudienceIds, overlapStart, overlapEnd, explanation })));
    }
    return fatigued;
  }
});
