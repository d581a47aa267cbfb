import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { Deadline, runWithDeadline } from '../../src/common/deadline/request-deadline';
import { CLASH_RULES } from '../../src/conflicts/conflicts.tokens';
import { JudgingTask } from '../../src/conflicts/judging/judging-tasks';
import { JudgingThreads } from '../../src/conflicts/judging/judging-threads';
import { createTestApp, TestApp } from '../support/test-app';

// Time limits, tried as a hostile member would: the heaviest requests GRAPHQL_MAX_WORK admits do
// not hold the event loop (others are answered while they run), a request past its deadline is
// answered REQUEST_TIMEOUT and stops, and PostgreSQL ending the service's sessions (an idle
// transaction timed out, pg_terminate_backend) costs no more than the work that was in them.

// A dense register: 800 registered consultations over 2027-2028, spread across every area and
// audience, all on one topic (a plan on it clashes with each: the check of 4,119 conflicts, smaller).
const DENSE_REGISTER = `
  INSERT INTO consultation (organisation_id, title, topics, start_date, end_date, status, channels, area_ids, audience_ids, area_block_ids, area_lineage_ids, audience_lineage_ids)
  SELECT o.id, 'Register entry ' || i, ARRAY['libraries'], DATE '2027-01-01' + (i * 37 % 700), DATE '2027-01-28' + (i * 37 % 700), 'PLANNED', ARRAY['ONLINE_SURVEY', 'DROP_IN'],
         ARRAY[a.id], ARRAY[u.id], ARRAY[a.id], a.lineage_ids, u.lineage_ids
    FROM generate_series(0, 799) i
    JOIN LATERAL (SELECT id FROM organisation ORDER BY code OFFSET i % 15 LIMIT 1) o ON true
    JOIN LATERAL (SELECT id, lineage_ids FROM area ORDER BY code OFFSET i % 196 LIMIT 1) a ON true
    JOIN LATERAL (SELECT id, lineage_ids FROM audience ORDER BY code OFFSET i % 21 LIMIT 1) u ON true`;

const ME = '{ me { name } }';

describe('time limits', () => {
  let t: TestApp;
  let heavyKey: string;
  let otherKey: string;
  let allAreas: string[];
  let allAudiences: string[];
  let county: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.query(DENSE_REGISTER);
    heavyKey = (await t.member('TBC', 'VIEWER')).apiKey;
    otherKey = (await t.member('SCC', 'OFFICER')).apiKey;
    const reference = await t.ok(heavyKey, '{ areas { code level } audiences { code } }');
    allAreas = reference.areas.map((a: { code: string }) => a.code);
    county = reference.areas.find((a: { level: string }) => a.level === 'COUNTY').code;
    allAudiences = reference.audiences.map((a: { code: string }) => a.code);
  }, 60_000);
  afterAll(() => t.close());

  const plan = (areaCodes: string[], topics: string[] = []) => ({ title: 'Register entry review', topics, areaCodes, audienceCodes: allAudiences, channels: ['DROP_IN'], startDate: '2027-03-01', endDate: '2027-03-28' });
  // Heavy requests GRAPHQL_MAX_WORK (100,000) admits: a two-year window search of the county for
  // every audience (21 × 731 = 15,351), and a check of every area for every audience (4,116) on the
  // register's topic (600 conflicts, each explained). The bench (npm run bench:event-loop) runs them aliased to the limit.
  const WINDOWS = `query($in: ConsultationInput!) { suggestWindows(input: $in, from: "2027-01-01", to: "2028-12-31", limit: 20) { startDate } }`;
  const CHECK = `query($in: ConsultationInput!) { checkConsultation(input: $in) { kind severity explanation } }`;

  /** Sends `heavy`; once its judging has begun, /health/live and another member's { me }: the order they finish in. */
  async function finishingOrder(app: TestApp, heavy: () => Promise<unknown>): Promise<string[]> {
    const order: string[] = [];
    const judging = judgingStarts();
    const heavyDone = heavy().then(() => order.push('heavy'));
    await judging;
    const health = fetch(`${app.baseUrl}/health/live`).then(async (r) => order.push(`health ${r.status}`));
    const me = app.graphql(otherKey, ME).then((r) => order.push(`me ${r.data?.me?.name ? 'answered' : JSON.stringify(r.errors)}`));
    await Promise.all([heavyDone, health, me]);
    return order;
  }

  it('answers /health/live and another member while the heaviest window search runs', async () => {
    const order = await finishingOrder(t, () => t.ok(heavyKey, WINDOWS, { in: plan([county]) }));
    expect(order).toEqual([expect.stringMatching(/^(health 200|me answered)$/), expect.stringMatching(/^(health 200|me answered)$/), 'heavy']);
  }, 60_000);

  it('answers /health/live and another member while the heaviest check runs', async () => {
    const order = await finishingOrder(t, () => t.ok(heavyKey, CHECK, { in: plan(allAreas, ['libraries']) }).then((data) => expect(data.checkConsultation.length).toBeGreaterThan(500)));
    expect(order).toEqual([expect.stringMatching(/^(health 200|me answered)$/), expect.stringMatching(/^(health 200|me answered)$/), 'heavy']);
  }, 60_000);

  it('judges a heavy request in a judging thread, as the event loop would, and a lighter one on the event loop', async () => {
    const onLoop = await createTestApp({ JUDGING_THREADS: '0' }, t.database);
    try {
      const threads = t.app.get(JudgingThreads);
      const before = threads.load.completed;
      // Two checks of every area (8,232, heavy): each plan's keys and its judging. Then the search's keys and the search.
      const TWO_CHECKS = `query($in: ConsultationInput!) { a: checkConsultation(input: $in) { kind severity explanation } b: checkConsultation(input: $in) { kind } }`;
      const heavy = await t.ok(heavyKey, TWO_CHECKS, { in: plan(allAreas, ['libraries']) });
      const ward = (await t.ok(heavyKey, '{ areas { code level } }')).areas.find((a: { level: string }) => a.level === 'WARD').code;
      const windows = await t.ok(heavyKey, WINDOWS, { in: plan([ward]) });
      expect(threads.load.completed - before).toBe(6);
      expect(heavy.a.length).toBeGreaterThan(500);
      expect(heavy).toEqual(await onLoop.ok(heavyKey, TWO_CHECKS, { in: plan(allAreas, ['libraries']) }));
      expect(windows.suggestWindows.length).toBeGreaterThan(0);
      expect(windows).toEqual(await onLoop.ok(heavyKey, WINDOWS, { in: plan([ward]) }));
      // One check of every area (4,116, under HEAVY_REQUEST_WORK): on the event loop, paced.
      expect((await t.ok(heavyKey, CHECK, { in: plan(allAreas, ['libraries']) })).checkConsultation).toEqual(heavy.a);
      expect(threads.load.completed - before).toBe(6);
    } finally {
      await (onLoop.app as INestApplication).close();
    }
  }, 60_000);

  it('answers a change kept waiting on others past DATABASE_LOCK_TIMEOUT_MS SERVICE_BUSY, and keeps nothing of it', async () => {
    const waiting = await createTestApp({ DATABASE_LOCK_TIMEOUT_MS: '300' }, t.database);
    const holder = new Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      const officer = (await waiting.member('TBC', 'OFFICER')).apiKey;
      const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation`);
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE consultation IN EXCLUSIVE MODE'); // another change being saved, for as long as the test likes
      const { data, errors } = await waiting.graphql(officer, `mutation($in: ConsultationInput!) { registerConsultation(input: $in) { id } }`, { in: plan([county]) });
      await holder.query('COMMIT');
      expect(data ?? null).toBeNull();
      expect(errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Other changes to the same places were being saved/), extensions: { code: 'SERVICE_BUSY', retryAfterSeconds: 2 } });
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM consultation`)).toEqual([{ n: before }]);
    } finally {
      await holder.end();
      await (waiting.app as INestApplication).close();
    }
  }, 60_000);

  describe('with a short deadline and idle-in-transaction timeout', () => {
    let short: TestApp;

    beforeAll(async () => {
      // The same database: closed below without dropping it (t does that).
      short = await createTestApp({ REQUEST_DEADLINE_MS: '300', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '300' }, t.database);
    }, 60_000);
    afterAll(() => (short.app as INestApplication).close());

    it('answers a request past its deadline REQUEST_TIMEOUT, and its work stops', async () => {
      const threads = short.app.get(JudgingThreads);
      // A thread already started, as on a service that has served a heavy request: the deadline passes while it judges the search.
      const warmUp = Object.assign(new Deadline(60_000), { heavy: true });
      const subject = { areaBlockIds: [], areaLineageIds: [], audienceIds: [], audienceLineageIds: [], startDate: '2027-01-01', endDate: '2027-01-02' };
      await runWithDeadline(warmUp, () => threads.run({ task: 'keys', subject, kinds: ['OVERLAP'], planFindings: false, rules: short.app.get(CLASH_RULES) }));
      warmUp.end(true);
      let judged = false;
      void judgingStarts('windows').then(() => (judged = true));
      const { data, errors } = await short.graphql(heavyKey, WINDOWS, { in: plan([county]) });
      expect(judged).toBe(true);
      expect(data ?? null).toBeNull();
      expect(errors?.[0]).toMatchObject({ message: expect.stringMatching(/longer than the service allows \(0.3 s\)/), extensions: { code: 'REQUEST_TIMEOUT', deadlineMs: 300 } });
      // Other requests go on being answered; the search, judged in a thread, stopped with its request (its thread ended).
      for (let i = 0; i < 3; i++) expect((await short.graphql(otherKey, ME)).data?.me.name).toBeTruthy();
      expect(threads.load).toMatchObject({ running: 0, queued: 0 });
    }, 60_000);

    it('gives an import IMPORT_DEADLINE_MS instead: held past the request deadline, it still lands', async () => {
      const officer = (await short.member('TBC', 'OFFICER')).apiKey;
      const holder = new Client({ connectionString: t.database.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE consultation IN EXCLUSIVE MODE');
        const importing = short.graphql(officer, `mutation($csv: String!) { importConsultations(csv: $csv) { imported } }`, {
          csv: 'title,start,end,area codes,audience codes\nPlay area equipment,2027-04-12,2027-05-09,E07000199,RESIDENTS\n',
        });
        const waiting = async () => (await holder.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0;
        for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 25));
        await new Promise((r) => setTimeout(r, 600)); // twice the request deadline
        await holder.query('COMMIT');
        expect(await importing).toEqual({ data: { importConsultations: { imported: true } } });
      } finally {
        await holder.end();
      }
    });

    it('cancels a statement still running at the deadline, and the connection serves again', async () => {
      const started = runWithDeadline(new Deadline(200), () => short.dataSource.query(`SELECT pg_sleep(10), 'deadline probe'`));
      await expect(started).rejects.toMatchObject({ driverError: { extensions: { code: 'REQUEST_TIMEOUT' } } });
      const still = await short.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%''deadline probe''%' AND state = 'active' AND pid <> pg_backend_pid()`);
      expect(still).toEqual([{ n: 0 }]);
      expect((await short.graphql(otherKey, ME)).data?.me.name).toBeTruthy();
    });

    it('lets PostgreSQL end a transaction left idle, freeing its locks, and the service serves on', async () => {
      const runner = short.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT id FROM organisation WHERE code = 'TBC' FOR UPDATE`);
      // Left idle holding the lock; another session waits for it (no longer than 10 s).
      const other = new Client({ connectionString: t.database.url, statement_timeout: 10_000 });
      await other.connect();
      try {
        await expect(other.query(`SELECT id FROM organisation WHERE code = 'TBC' FOR UPDATE`)).resolves.toMatchObject({ rowCount: 1 });
      } finally {
        await other.end();
      }
      await expect(runner.query('SELECT 1')).rejects.toThrow();
      await runner.release();
      expect((await short.graphql(otherKey, ME)).data?.me.name).toBeTruthy();
    });

    it('serves on after PostgreSQL terminates every one of its sessions', async () => {
      await Promise.all(Array.from({ length: 5 }, () => short.graphql(otherKey, ME)));
      const admin = new Client({ connectionString: t.database.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'consultation-calendar'`);
        expect(rowCount).toBeGreaterThan(1);
      } finally {
        await admin.end();
      }
      // The pool finds its dead connections as it uses them; within a few requests every answer is whole.
      const answers = [];
      for (let i = 0; i < 15; i++) answers.push(await short.graphql(otherKey, ME));
      expect(answers.slice(-3).map((r) => r.data?.me.name)).toEqual(Array(3).fill(expect.any(String)));
    });
  });
});

/** Resolves when a clash check or window search first judges a plan (or first runs a task of `kind`), before any of the judging is done. */
function judgingStarts(kind?: JudgingTask['task']): Promise<void> {
  const run = JudgingThreads.prototype.run;
  return new Promise((resolve) => {
    JudgingThreads.prototype.run = function (this: JudgingThreads, task, options) {
      if (!kind || task.task === kind) {
        JudgingThreads.prototype.run = run;
        resolve();
      }
      return run.call(this, task, options) as never;
    };
  });
}
