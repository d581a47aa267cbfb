import { recordSql } from '../../support/sql-recorder';
import { createTestApp, TestApp } from '../../support/test-app';

// Hostile requests against the running service: each limit is met by a query built to break it.
describe('abuse-resistant GraphQL', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    key = (await t.member('TBC', 'OFFICER')).apiKey;
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });
  const nest = (levels: number, leaf: string) => Array.from({ length: levels }).reduce<string>((inner) => `conflicts { other { ${inner} } }`, leaf);
  const refusal = async (query: string) => {
    const { errors, data } = await t.graphql(key, query);
    expect(data ?? null).toBeNull();
    return errors?.[0];
  };

  it('refuses a query nested deeper than the depth limit', async () => {
    const error = await refusal(`{ consultations { edges { node { ${nest(5, 'title')} } } } }`);
    expect(error).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', field: 'query', limit: 'depth' } });
    expect(error?.message).toMatch(/depth limit of 12/);
  });

  it('counts the depth inside a fragment named __schema (the introspection bypass)', async () => {
    const error = await refusal(`query { consultations { edges { node { ...__schema } } } }
      fragment __schema on Consultation { ${nest(5, 'title')} }`);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('refuses a query whose cost is over the limit though its depth is not', async () => {
    const error = await refusal(`{ consultations { edges { node { ${nest(3, 'title '.repeat(600))} } } } }`);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('refuses too many aliases', async () => {
    const error = await refusal(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
  });

  it('refuses too many directives', async () => {
    const error = await refusal(`{ me { id ${'@include(if: true) '.repeat(25)} } }`);
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
  });

  it('stops parsing a document over the token limit', async () => {
    const response = await post(JSON.stringify({ query: `{ ${'__typename '.repeat(2500)} }` }));
    expect(response.status).toBe(400);
    const error = await refusal(`{ ${'__typename '.repeat(2500)} }`);
    expect(error).toMatchObject({ message: expect.stringMatching(/contains more tha. 2000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });

  it('answers 413 to a request body over 2 MB', async () => {
    const response = await post(JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(2.5 * 1024 * 1024) } }));
    expect(response.status).toBe(413);
  });

  it('refuses batched requests and cross-site simple requests', async () => {
    const batch = await post(JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]));
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batching/i);
    const simple = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain' });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);
    const get = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${key}` } });
    expect(get.status).toBe(400);
  });

  it('lets no cache store an answer, an error or a refusal', async () => {
    const answered = await post(JSON.stringify({ query: '{ me { id } }' }));
    const failed = await post(JSON.stringify({ query: '{ consultation(id: "00000000-0000-0000-0000-000000000001") { id } }' }));
    const refused = await post(JSON.stringify({ query: '{ meee { id } }' }));
    expect([answered.status, failed.status, refused.status]).toEqual([200, 200, 400]);
    for (const response of [answered, failed, refused]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      // Nothing can revalidate what is never stored, so no body is hashed for an ETag.
      expect(response.headers.get('etag')).toBeNull();
    }
  });

  it('gives no field suggestions and no stack traces in production', async () => {
    const { errors } = await t.graphql(key, '{ meee { id } }');
    expect(errors?.[0].message).toBe('Cannot query field "meee" on type "Query". [Suggestion hidden]?');
    expect(JSON.stringify(errors)).not.toMatch(/stacktrace|Did you mean/);
  });

  it('shows the schema to members only', async () => {
    const query = '{ __schema { queryType { name } } }';
    const anonymous = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: unknown }[] }).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const hidden = await t.graphql(undefined, '{ a: __type(name: "Consultation") { fields { name } } }');
    expect(hidden.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.ok(key, query)).__schema.queryType.name).toBe('Query');
  });
});

// The expensive fields cost what they will do (src/common/graphql/work-estimates.ts), so aliasing
// them multiplies the cost, and a request over GRAPHQL_MAX_WORK is refused before anything runs.
describe('work limit', () => {
  let t: TestApp;
  let key: string;
  let areas: { code: string; level: string }[];
  let audiences: string[];

  beforeAll(async () => {
    // Without the digest's schedule (on in production): its catch-up, planning and composing this
    // week's digest for the member below in the background, sends SQL that recordSql would count.
    t = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DIGEST_SCHEDULE: 'false' });
    key = (await t.member('TBC', 'OFFICER')).apiKey;
    const reference = await t.ok(key, '{ areas { code level } audiences { code } }');
    areas = reference.areas;
    audiences = reference.audiences.map((a: { code: string }) => a.code);
  });
  afterAll(() => t.close());

  const plan = (areaCodes: string[], audienceCodes: string[]) => ({ title: 'Library opening hours', areaCodes, audienceCodes, startDate: '2027-03-01', endDate: '2027-03-28' });
  // The input's limits: 300 area codes and 50 audience codes (codes need not exist to be refused).
  const largest = () => plan(Array.from({ length: 300 }, (_, i) => `AREA${i}`), Array.from({ length: 50 }, (_, i) => `AUDIENCE${i}`));
  const CHECK = 'query($in: ConsultationInput!) { checkConsultation(input: $in) { kind severity } }';
  // The planner's own requests (web/views/plan.js), as it sends them.
  const PLANNER_CHECK = `query($input: ConsultationInput!, $first: Int, $excludeId: ID) { checkConsultationSummary(input: $input, first: $first, excludeId: $excludeId) { total bySeverity { severity count } conflicts { kind severity explanation } } }`;
  const PLANNER_WINDOWS = `query($input: ConsultationInput!, $from: Date!, $to: Date!, $excludeId: ID) { suggestWindows(input: $input, from: $from, to: $to, limit: 3, excludeId: $excludeId) { startDate endDate conflicts { severity } } }`;

  it('lets a normal check run', async () => {
    const data = await t.ok(key, CHECK, { in: plan(['E07000199'], ['RESIDENTS']) });
    expect(Array.isArray(data.checkConsultation)).toBe(true);
  });

  it('lets one check of the largest plan there is run, every area × every audience', async () => {
    let data: Record<string, unknown> = {};
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const sql = await recordSql(async () => {
      data = await t.ok(key, CHECK, { in: plan(areas.map((a) => a.code).slice(0, 300), audiences.slice(0, 50)) });
    });
    expect(Array.isArray(data.checkConsultation)).toBe(true);
    // What the refusal below must not send.
    expect(sql.some((s) => /consultation/i.test(s))).toBe(true);
  });

  it('refuses 15 aliased maximum-size checks, naming the field, before any of them runs', async () => {
    const query = `query($in: ConsultationInput!) { ${Array.from({ length: 15 }, (_, i) => `c${i}: checkConsultation(input: $in) { kind severity }`).join(' ')} }`;
    let response: Awaited<ReturnType<TestApp['graphql']>> | undefined;
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const sql = await recordSql(async () => {
      response = await t.graphql(key, query, { in: largest() });
    });
    expect(response?.data ?? null).toBeNull();
    expect(response?.errors).toHaveLength(1);
    expect(response?.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/checkConsultation/),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'work', field: 'c0', fieldName: 'checkConsultation', work: 15 * 300 * 50, maxWork: 100_000, fieldWork: 300 * 50 },
    });
    // Nothing looked for candidates: no statement touched consultations, areas or audiences.
    expect(sql.filter((s) => /consultation|area|audience/i.test(s))).toEqual([]);
  });

  // 1,001 rows cost 50,050: one is admitted, two aliased (100,100) are not. Its dates do not read, so the one that runs stops at reading.
  it('costs an import by its rows: one file of 1,001 runs, two aliased are refused before either reads a row', async () => {
    const csv = ['title,start,end,area codes,audience codes', ...Array.from({ length: 1001 }, (_, i) => `Plan ${i},soon,later,E07000199,RESIDENTS`)].join('\n');
    const one = await t.graphql(key, 'mutation($csv: String!) { importConsultations(csv: $csv, dryRun: true) { rowCount } }', { csv });
    expect(one.data?.importConsultations.rowCount).toBe(1001);
    let response: Awaited<ReturnType<TestApp['graphql']>> | undefined;
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const sql = await recordSql(async () => {
      response = await t.graphql(key, 'mutation($csv: String!) { a: importConsultations(csv: $csv, dryRun: true) { rowCount } b: importConsultations(csv: $csv, dryRun: true) { rowCount } }', { csv });
    });
    expect(response?.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', field: 'a', fieldName: 'importConsultations', work: 2 * 1001 * 50, fieldWork: 1001 * 50 });
    expect(sql.filter((s) => /consultation|area|audience/i.test(s))).toEqual([]);
  });

  it('refuses a window search over two years for the largest plan', async () => {
    const { errors, data } = await t.graphql(key, PLANNER_WINDOWS, { input: largest(), from: '2027-01-01', to: '2028-12-31' });
    expect(data ?? null).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'work', field: 'suggestWindows', work: 300 * 50 * 731 });
  });

  it('refuses the same work written in the document and behind a fragment', async () => {
    const codes = (prefix: string, n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
    const { errors } = await t.graphql(
      key,
      `{ ...f } fragment f on Query { w: suggestWindows(input: { title: "x", areaCodes: ${codes('A', 40)}, audienceCodes: ${codes('B', 10)}, startDate: "2027-03-01", endDate: "2027-03-28" }, from: "2027-01-01", to: "2027-12-31") { startDate } }`,
    );
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', field: 'w', work: 40 * 10 * 365 });
  });

  it("admits the planner's largest requests: a year's window search for a district plan, a county plan's check", async () => {
    const district = areas.filter((a) => a.level === 'DISTRICT')[0].code;
    const county = areas.filter((a) => a.level === 'COUNTY').map((a) => a.code);
    expect(county).toEqual([expect.any(String)]);
    // As plan.js sends them: every audience, from today to a year on (366 start dates).
    const windows = await t.ok(key, PLANNER_WINDOWS, { input: plan([district], audiences), from: '2027-01-01', to: '2028-01-01' });
    expect(Array.isArray(windows.suggestWindows)).toBe(true);
    const checked = await t.ok(key, PLANNER_CHECK, { input: plan(county, audiences), first: 25 });
    expect(checked.checkConsultationSummary.total).toEqual(expect.any(Number));
  });

  it('counts a calendar by its cells', async () => {
    // Each within the calendar's own 20,000 cells (20 rows × 5 audiences × 158 weeks); 7 of them are not.
    const rows = areas.slice(0, 20).map((a) => a.code);
    const calendar = (alias: string) => `${alias}: calendar(from: "2027-01-01", to: "2029-12-31", areaCodes: $rows, audienceCodes: $audiences) { fatigueThreshold }`;
    const { errors } = await t.graphql(key, `query($rows: [String!], $audiences: [String!]) { ${['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(calendar).join(' ')} }`, { rows, audiences: audiences.slice(0, 5) });
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'work', field: 'a', fieldName: 'calendar', work: 7 * 20 * 5 * 158 });
  });
});

describe('per-key rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_BODY_MB_PER_MINUTE: '1', RATE_LIMIT_WORK_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  const send = (key: string, body: string) => fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });

  it('refuses a key refused moments ago again without asking PostgreSQL, until its wait is over', async () => {
    const key = (await t.member('CCDC', 'OFFICER')).apiKey;
    const me = JSON.stringify({ query: '{ me { id } }' });
    for (let i = 0; i < 5; i++) expect((await send(key, me)).status).toBe(200);
    expect((await send(key, me)).status).toBe(429);
    let again: Response | undefined;
    const statements = await recordSql(async () => (again = await send(key, me)));
    expect(again!.status).toBe(429);
    expect(Number(again!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await again!.json()) as { errors: { extensions: unknown }[] }).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'requests' });
    expect(statements).toEqual([]);
  });

  it('refuses a key over its limit before reading the body: a body that is not JSON gets 429, not 400', async () => {
    const key = (await t.member('LDC', 'OFFICER')).apiKey;
    for (let i = 0; i < 5; i++) expect((await send(key, JSON.stringify({ query: '{ me { id } }' }))).status).toBe(200);
    const refused = await send(key, `{"query": "${'x'.repeat(500_000)}`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('charges each request its work against RATE_LIMIT_WORK_PER_MINUTE, and refuses a member who has used the minute\'s', async () => {
    const key = (await t.member('SBC', 'OFFICER')).apiKey;
    // One area × two audiences: 2 units of work each.
    const check = JSON.stringify({
      query: `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } }`,
      variables: { input: { title: 'Library hours', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS', 'OLDER_PEOPLE'], startDate: '2027-04-12', endDate: '2027-05-09' } },
    });
    expect((await send(key, check)).status).toBe(200);
    const refused = await send(key, check);
    expect(refused.status).toBe(429);
    const { errors } = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(errors[0]).toMatchObject({ message: expect.stringMatching(/work of at most 3 a minute/), extensions: { code: 'RATE_LIMITED' } });
    expect((await send(key, JSON.stringify({ query: '{ me { id } }' }))).status).toBe(200); // no work, no charge
  });

  it('counts large bodies against RATE_LIMIT_BODY_MB_PER_MINUTE, everyday ones not at all', async () => {
    const key = (await t.member('ESBC', 'OFFICER')).apiKey;
    const large = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(900_000) } });
    expect((await send(key, large)).status).toBe(200);
    const refused = await send(key, large);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/large bodies of at most 1 MB a minute/);
    expect((await send(key, JSON.stringify({ query: '{ me { id } }' }))).status).toBe(200);
  });

  it('answers 429 with RATE_LIMITED and Retry-After once a key has used its minute, and leaves other keys alone', async () => {
    const busy = (await t.member('TBC', 'OFFICER')).apiKey;
    const other = (await t.member('SP', 'OFFICER')).apiKey;
    const ask = (key: string) =>
      fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ me { id } organisations { code } }' }) });
    for (let i = 0; i < 5; i++) expect((await ask(busy)).status).toBe(200);
    const refused = await ask(busy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(body.errors[0].message).toMatch(/at most 5 a minute/);
    expect((await ask(other)).status).toBe(200);
  });
});
