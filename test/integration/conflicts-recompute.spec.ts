import { ConflictStore } from '../../src/conflicts/conflict-store';
import { ConsultationEntity } from '../../src/consultations/consultation.entity';
import { createTestApp, TestApp } from '../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id conflicts { kind } } }`;
const CONFLICTS = `query($id: ID!) { consultation(id: $id) { conflicts { kind severity explanation stored related { title } blackout { name } } } }`;

// Stored conflicts kept in step with the register: fatigue across several plans, cancellations
// and blackout periods recompute what they touch, on real PostgreSQL.
describe('conflict recompute', () => {
  let t: TestApp;
  const officers: Record<string, string> = {};
  let coordinator: string;

  const plan = (title: string, startDate: string, endDate: string) => ({
    title,
    audienceCodes: ['OLDER_PEOPLE'],
    areaCodes: ['E07000196'], // South Staffordshire
    channels: ['TELEPHONE'],
    startDate,
    endDate,
  });
  const conflictsOf = async (who: string, id: string) =>
    (await t.ok(officers[who], CONFLICTS, { id })).consultation.conflicts as { kind: string; severity: string; explanation: string; related: { title: string }[]; blackout: { name: string } | null }[];

  beforeAll(async () => {
    t = await createTestApp();
    for (const org of ['SSDC', 'SCC', 'SSOT-ICB', 'SFRS']) officers[org] = (await t.member(org, 'OFFICER')).apiKey;
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
  });
  afterAll(() => t.close());

  it('raises FATIGUE on every plan once more than three reach the same people within 28 days, and drops it on a cancellation', async () => {
    const ids: Record<string, string> = {};
    const windows: [string, string, string][] = [
      ['SSDC', '2028-05-01', '2028-05-10'],
      ['SCC', '2028-05-05', '2028-05-15'],
      ['SSOT-ICB', '2028-05-12', '2028-05-20'],
    ];
    for (const [org, start, end] of windows) ids[org] = (await t.ok(officers[org], REGISTER, { input: plan(`${org} older people survey`, start, end) })).registerConsultation.id;
    expect((await conflictsOf('SSDC', ids.SSDC)).filter((c) => c.kind === 'FATIGUE')).toEqual([]);

    // A fourth within the window: every one of the four is now told, naming the others.
    ids.SFRS = (await t.ok(officers.SFRS, REGISTER, { input: plan('SFRS home safety survey', '2028-05-18', '2028-05-25') })).registerConsultation.id;
    await t.settled(); // the other three hear of it just after
    for (const org of Object.keys(ids)) {
      const fatigue = (await conflictsOf(org, ids[org])).filter((c) => c.kind === 'FATIGUE');
      expect(fatigue).toHaveLength(1);
      expect(fatigue[0].explanation).toMatch(/would be asked by 4 consultations within 28 days/);
      expect(fatigue[0].related.map((r) => r.title).sort()).toEqual(
        Object.keys(ids).filter((o) => o !== org).map((o) => (o === 'SFRS' ? 'SFRS home safety survey' : `${o} older people survey`)).sort(),
      );
    }

    // Cancelling one takes the load back to three: the others' FATIGUE goes, and so do its pair clashes.
    await t.ok(officers.SFRS, `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`, { id: ids.SFRS });
    await t.settled();
    for (const org of ['SSDC', 'SCC', 'SSOT-ICB']) {
      const kinds = (await conflictsOf(org, ids[org])).map((c) => c.kind);
      expect(kinds).not.toContain('FATIGUE');
    }
    const [{ left }] = await t.dataSource.query(`SELECT count(*)::int AS left FROM conflict WHERE $1 IN (consultation_id, other_id)`, [ids.SFRS]);
    expect(left).toBe(0);
  });

  it('adds and removes BLACKOUT conflicts on registered plans as a coordinator edits blackout periods', async () => {
    const id = (await t.ok(officers.SSDC, REGISTER, { input: plan('Day centres review', '2028-09-04', '2028-09-15') })).registerConsultation.id;
    expect((await conflictsOf('SSDC', id)).map((c) => c.kind)).not.toContain('BLACKOUT');

    const created = await t.ok(coordinator, `mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, {
      input: { name: 'South Staffordshire by-election', startDate: '2028-09-10', endDate: '2028-09-30', areaCodes: ['E07000196'], severity: 'HIGH' },
    });
    const blackoutId = created.createBlackoutPeriod.id;
    const blackout = (await conflictsOf('SSDC', id)).find((c) => c.kind === 'BLACKOUT');
    expect(blackout).toMatchObject({ severity: 'HIGH', blackout: { name: 'South Staffordshire by-election' } });

    // Moved away from the plan's dates: the conflict goes.
    await t.ok(coordinator, `mutation($id: ID!, $input: BlackoutPeriodUpdateInput!) { updateBlackoutPeriod(id: $id, input: $input) { id } }`, {
      id: blackoutId,
      input: { startDate: '2028-10-01', endDate: '2028-10-20' },
    });
    expect((await conflictsOf('SSDC', id)).map((c) => c.kind)).not.toContain('BLACKOUT');

    // Back over the dates, then deleted: it comes and goes again.
    await t.ok(coordinator, `mutation($id: ID!, $input: BlackoutPeriodUpdateInput!) { updateBlackoutPeriod(id: $id, input: $input) { id } }`, {
      id: blackoutId,
      input: { startDate: '2028-09-01', endDate: '2028-09-05' },
    });
    expect((await conflictsOf('SSDC', id)).map((c) => c.kind)).toContain('BLACKOUT');
    await t.ok(coordinator, `mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id: blackoutId });
    expect((await conflictsOf('SSDC', id)).map((c) => c.kind)).not.toContain('BLACKOUT');
  });

  it('rewrites no stored conflict when recomputing finds them as they were', async () => {
    const ids: string[] = [];
    for (const [org, start, end] of [['SSDC', '2028-07-01', '2028-07-10'], ['SCC', '2028-07-03', '2028-07-12'], ['SSOT-ICB', '2028-07-06', '2028-07-14'], ['SFRS', '2028-07-08', '2028-07-16']]) {
      ids.push((await t.ok(officers[org], REGISTER, { input: plan(`${org} summer survey`, start, end) })).registerConsultation.id);
    }
    // xmin is the transaction that wrote a row's version: a rewrite, even to the same values, changes it.
    await t.settled();
    const versions = () => t.dataSource.query(`SELECT id, kind, xmin::text FROM conflict WHERE consultation_id = ANY($1) OR other_id = ANY($1) ORDER BY id`, [ids]);
    const before = await versions();
    expect(before.filter((c: { kind: string }) => c.kind === 'FATIGUE')).toHaveLength(4);

    const consultation = await t.dataSource.manager.findOneByOrFail(ConsultationEntity, { id: ids[1] });
    await t.dataSource.transaction((manager) => t.app.get(ConflictStore).recompute(manager, consultation));
    expect(await versions()).toEqual(before);
  });
});
