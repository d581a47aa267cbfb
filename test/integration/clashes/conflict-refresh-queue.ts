import { queryOnce } from '../../support/query-once';
import { createTestApp, TestApp } from '../../support/test-app';

// A registration keeps its own conflicts in its request and queues its neighbours' FATIGUE, in the
// same transaction, for a worker to bring up to date just after (ConflictRefreshQueue). A service
// that stops between the two leaves the work queued in PostgreSQL; the next one to start does it,
// once. Until then each neighbour says so (conflictsUpToDate), and launching one does it first.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id conflicts { kind } } }`;
const STATE = `query($id: ID!) { consultation(id: $id) { conflictsUpToDate conflicts { kind related { title } } } }`;
const LAUNCH = `mutation($id: ID!) { launchConsultation(id: $id) { status } }`;

describe('neighbours re-evaluated after the request', () => {
  let stopped: TestApp | undefined;
  let restarted: TestApp | undefined;
  afterAll(async () => {
    await stopped?.app.close();
    await restarted?.close();
  });

  it('does the re-evaluation a stopped service left queued once the next one starts, and a launch does it first', async () => {
    // No worker here: the service stops after each request and before any re-evaluation. FATIGUE is HIGH, so it holds up a launch.
    const env = { CLASH_SEVERITY_FATIGUE: 'HIGH' };
    stopped = await createTestApp({ ...env, CONFLICT_REFRESH_WORKER: 'false' });
    const officer = (await stopped.member('SCC', 'OFFICER')).apiKey;
    const plan = (n: number, start: string, end: string) => ({ title: `Older people survey ${n}`, audienceCodes: ['OLDER_PEOPLE'], areaCodes: ['E07000196'], channels: ['TELEPHONE'], startDate: start, endDate: end });
    const ids: string[] = [];
    for (const [n, [start, end]] of [['2028-05-01', '2028-05-10'], ['2028-05-05', '2028-05-15'], ['2028-05-12', '2028-05-20']].entries()) {
      ids.push((await stopped.ok(officer, REGISTER, { input: plan(n, start, end) })).registerConsultation.id);
    }
    // The fourth within the window: its own FATIGUE is kept in the request...
    const fourth = (await stopped.ok(officer, REGISTER, { input: plan(3, '2028-05-18', '2028-05-25') })).registerConsultation;
    expect(fourth.conflicts.map((c: { kind: string }) => c.kind)).toContain('FATIGUE');
    // ...the others' is queued: not kept yet, and they say so.
    const stateOf = async (app: TestApp, id: string) => (await app.ok(officer, STATE, { id })).consultation;
    const fatigueOf = (state: { conflicts: { kind: string; related: unknown[] }[] }) => state.conflicts.filter((c) => c.kind === 'FATIGUE');
    for (const id of ids) {
      const state = await stateOf(stopped, id);
      expect(state.conflictsUpToDate).toBe(false);
      expect(fatigueOf(state)).toEqual([]);
    }
    expect(await stateOf(stopped, fourth.id)).toMatchObject({ conflictsUpToDate: true });

    // Launching the first brings its FATIGUE up to date first: refused for it, though no worker ran.
    const refused = await stopped.graphql(officer, LAUNCH, { id: ids[0] });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT_UNACKNOWLEDGED' });
    expect(refused.errors?.[0].message).toContain('the load on the people it asks');
    await stopped.app.close();
    const database = stopped.database;
    stopped = undefined;
    const [{ queued }] = await queryOnce(database.url, `SELECT count(*)::int AS queued FROM conflict_refresh`);
    expect(queued).toBeGreaterThan(0);

    // The next service to start does it: each of the four is told of the other three, once.
    restarted = await createTestApp(env, database);
    await restarted.settled();
    for (const id of ids) {
      const state = await stateOf(restarted, id);
      expect(state.conflictsUpToDate).toBe(true);
      const fatigue = fatigueOf(state);
      expect(fatigue).toHaveLength(1);
      expect(fatigue[0].related).toHaveLength(3);
    }
    const versions = () => restarted!.dataSource.query(`SELECT id, xmin::text FROM conflict WHERE kind = 'FATIGUE' ORDER BY id`);
    const kept = await versions();
    expect(kept).toHaveLength(4);
    expect(await restarted.dataSource.query(`SELECT * FROM conflict_refresh`)).toEqual([]);

    // Done twice (a job run again after a worker died at its commit), it keeps the same rows, unwritten.
    await restarted.dataSource.query(`INSERT INTO conflict_refresh (consultation_id, affected_ids, area_lineage_ids) SELECT id, $1, area_lineage_ids FROM consultation WHERE id = $2`, [ids.slice(0, 3), fourth.id]);
    await restarted.settled();
    expect(await versions()).toEqual(kept);
  });
});
