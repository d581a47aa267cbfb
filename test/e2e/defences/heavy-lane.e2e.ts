import { Client } from 'pg';
import { createTestApp, TestApp } from '../../support/test-app';

// Heavy requests (here: any estimated work at all) take turns, one at a time, with one more allowed
// to wait; members' light requests never wait for them. Made deterministic by a table lock this test
// holds: the first heavy request, an import, stops at its insert until the test lets go, while a
// check, which only reads, could run at once were it not waiting its turn.
describe('the heavy lane', () => {
  let t: TestApp;
  let officer: string;
  let holder: Client;

  beforeAll(async () => {
    t = await createTestApp({ HEAVY_REQUEST_WORK: '1', HEAVY_REQUESTS_AT_ONCE: '1', HEAVY_REQUESTS_WAITING: '1', DATABASE_STATEMENT_TIMEOUT_MS: '60000', REQUEST_DEADLINE_MS: '10000' });
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    holder = new Client({ connectionString: t.database.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end();
    await t.close();
  });

  const IMPORT = `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: false) { imported } }`;
  const CSV = 'title,start,end,area codes,audience codes\nCastle Grounds play area,2027-04-12,2027-05-09,E07000199,RESIDENTS\n';
  const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } }`;
  const plan = { title: 'Library hours', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], startDate: '2027-04-12', endDate: '2027-05-09' };

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
  };

  it('runs one heavy request at a time, queues one more, refuses the next with SERVICE_BUSY, and keeps light requests moving', async () => {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE consultation IN EXCLUSIVE MODE'); // writers wait; readers do not
    const finished: string[] = [];
    const track = <T>(name: string, request: Promise<T>) => request.then((answer) => (finished.push(name), answer));

    const importing = track('import', post(IMPORT, { csv: CSV }));
    await until(async () => (await holder.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0);

    const checks = [track('check 1', post(CHECK, { input: plan })), track('check 2', post(CHECK, { input: plan }))];
    // One check waits its turn; the other finds the line full and is refused at once.
    const refused = await Promise.race(checks);
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('5');
    expect(refused.body.errors?.[0].extensions?.code).toBe('SERVICE_BUSY');
    // A member's everyday request is answered while the heavy ones hold the lane.
    expect((await post(`{ me { name } }`)).body.data?.me).toBeDefined();
    expect(finished).not.toContain('import');

    await holder.query('COMMIT');
    const [imported, ...answered] = await Promise.all([importing, ...checks]);
    expect(imported.body.data?.importConsultations.imported).toBe(true);
    const waited = answered.find((answer) => answer !== refused)!;
    expect(waited.body.errors).toBeUndefined();
    // The waiting check ran only once the import had ended its turn, though it could have read at once.
    expect(finished.indexOf('import')).toBeLessThan(finished.indexOf(waited === answered[0] ? 'check 1' : 'check 2'));
  });

  it('does not keep a turn for a heavy request refused for another reason while it waited', async () => {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE consultation IN EXCLUSIVE MODE');
    const importing = post(IMPORT, { csv: CSV.replace('Castle Grounds', 'Castle Gardens') });
    await until(async () => (await holder.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0);
    // Heavy, and also naming an id that cannot be one: refused at once, while it waits its turn.
    const refused = await post(`query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } consultation(id: "not-a-uuid") { id } }`, { input: plan });
    expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await holder.query('COMMIT');
    expect((await importing).body.errors).toBeUndefined();
    // The lane is free again: the next heavy request runs (it would wait out its deadline behind a turn never ended).
    expect((await post(CHECK, { input: plan })).body.errors).toBeUndefined();
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The import never started waiting on the lock');
}
