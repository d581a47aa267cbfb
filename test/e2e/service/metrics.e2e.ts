import { parseIsoWeek } from '../../../src/common/dates/iso-week';
import { DigestDeliveries } from '../../../src/digest/digest-deliveries';
import { Metrics } from '../../../src/metrics/metrics';
import { createTestApp, TestApp } from '../../support/test-app';

const TOKEN = 'prometheus-scrape-token-0123456789';
const CHECK = `query($input: ConsultationInput!) { clash: checkConsultation(input: $input) { kind severity } }`;
const input = (over: Record<string, unknown> = {}) => ({
  title: 'Youth services review',
  audienceCodes: ['YOUNG_PEOPLE'],
  areaCodes: ['E07000197'],
  startDate: '2027-02-01',
  endDate: '2027-02-21',
  ...over,
});

describe('GET /metrics', () => {
  let t: TestApp;
  let officer: string;
  const scrape = (authorization?: string, baseUrl = t.baseUrl) => fetch(`${baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
  /** The value of one series in Prometheus text format, or undefined if it is not there. */
  const series = (text: string, name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.slice(name.length + 1));
  };

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    officer = (await t.member('SCC', 'OFFICER')).apiKey;
  });
  afterAll(() => t.close());

  it('is refused without the token, naming the scheme it wants', async () => {
    for (const authorization of [undefined, 'Bearer not-the-token', `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('times GraphQL requests by operation, root field (not the alias) and outcome', async () => {
    const post = (body: unknown, key?: string) =>
      fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
    const police = (await t.member('SCO', 'OFFICER')).apiKey;
    await t.ok(police, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input: input({ title: 'Police and Crime Plan survey', areaCodes: ['E10000028'] }) });
    for (let i = 0; i < 3; i++) expect((await post({ query: CHECK, variables: { input: input() } }, officer)).status).toBe(200);
    const bad = await t.graphql(officer, CHECK, { input: input({ endDate: '2027-01-01' }) });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.graphql(undefined, `query Mine { me { name } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await post({ query: '{ me { name ' }, officer);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await response.text();
    const count = (labels: string) => series(text, `graphql_request_duration_seconds_count{${labels}}`);
    expect(count('operation="query",field="checkConsultation",outcome="ok"')).toBe(3);
    expect(count('operation="query",field="checkConsultation",outcome="BAD_USER_INPUT"')).toBe(1);
    expect(count('operation="query",field="me",outcome="UNAUTHENTICATED"')).toBe(1);
    expect(count('operation="none",field="none",outcome="GRAPHQL_PARSE_FAILED"')).toBe(1);
    expect(count('operation="mutation",field="registerConsultation",outcome="ok"')).toBe(1);
    // Each of the three checks met the police survey; the refused one never looked.
    expect(series(text, 'conflict_check_conflicts_count')).toBe(3);
    expect(series(text, 'conflict_check_conflicts_sum')).toBe(3);
    expect(series(text, 'conflict_check_conflicts_bucket{le="0"}')).toBe(0);
    // The 25 ms bucket, the benchmark's target for the check, is one of the boundaries.
    expect(series(text, 'graphql_request_duration_seconds_bucket{le="+Inf",operation="query",field="checkConsultation",outcome="ok"}')).toBe(3);
    expect(text).toContain('graphql_request_duration_seconds_bucket{le="0.025",operation="query",field="checkConsultation",outcome="ok"}');
    expect(text).not.toMatch(/="(clash|Mine)"/);
    expect(series(text, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(series(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
  });

  it("counts this week's digest deliveries by status, from the ledger", async () => {
    await t.member('SBC', 'VIEWER');
    const ledger = t.app.get(DigestDeliveries);
    t.clock.set('2026-12-31T23:30:00Z'); // the last day of a year with a week 53
    const week = parseIsoWeek('2026-W53')!;
    const planned = await ledger.plan(week); // one for each member made here
    expect(planned).toBeGreaterThanOrEqual(2);
    const [failing] = await ledger.idsToSend(week);
    await ledger.claim(failing, '<metrics-test@example.org>');
    await ledger.markFailed(failing, '451 try later');

    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(series(text, 'digest_deliveries{status="PENDING"}')).toBe(planned - 1);
    expect(series(text, 'digest_deliveries{status="FAILED"}')).toBe(1);
    expect(series(text, 'digest_deliveries{status="SENT"}')).toBe(0);
    expect(series(text, 'digest_deliveries{status="UNCERTAIN"}')).toBe(0);
  });

  it('is not there, and times nothing, while METRICS_TOKEN is unset', async () => {
    const plain = await createTestApp({}, t.database);
    try {
      expect((await scrape(`Bearer ${TOKEN}`, plain.baseUrl)).status).toBe(404);
      await plain.ok(officer, CHECK, { input: input() });
      const untimed = await plain.app.get(Metrics).registry.metrics();
      expect(untimed).not.toContain('graphql_request_duration_seconds_count{');
      expect(untimed).toContain('conflict_check_conflicts_count 0');
    } finally {
      await plain.app.close();
    }
  });
});
