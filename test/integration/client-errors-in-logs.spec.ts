import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

// The service as operators run it: a body too large or not JSON, or a guessed feed token, is the
// client's mistake, answered 413, 400 or 401, and must not show in the log as a server fault.
describe('client errors in the service\'s logs', () => {
  let database: TestDatabase;
  let keys: TestApp;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    keys = await createTestApp({}, database);
    // A pool larger than 10, so that one request can have more than 10 statements in flight.
    service = await startServiceProcess({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json', DATABASE_URL: database.url, DATABASE_POOL_SIZE: '20' });
  });

  afterAll(async () => {
    await service.stop();
    await keys.close();
  });

  it('answers 413 and 400 and logs them at debug, not as errors', async () => {
    const { apiKey } = await keys.member('TBC', 'OFFICER');
    const post = (body: string, key?: string) =>
      fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
    const huge = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(2.5 * 1024 * 1024) } });
    const big = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(100_000) } });
    const answers = [await post(huge, apiKey), await post(big), await post('{"query": ', apiKey), await post('{"query": ')];
    expect(answers.map((a) => a.status)).toEqual([413, 413, 400, 400]);
    expect(await answers[0].json()).toEqual({ statusCode: 413, message: 'The request body is larger than the service accepts' });
    expect(await answers[2].json()).toEqual({ statusCode: 400, message: 'The request body is not valid JSON' });
    expect((await post(JSON.stringify({ query: '{ me { id } }' }), apiKey)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));

    const records = service.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg?: string });
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
    expect(service.output()).not.toMatch(/PayloadTooLargeError|SyntaxError|request entity too large/);
    // Each is still logged, at debug, with its status and path.
    expect(records.filter((r) => r.level === 20 && /^413 POST \/graphql/.test(r.msg ?? ''))).toHaveLength(2);
    expect(records.filter((r) => r.level === 20 && /^400 POST \/graphql/.test(r.msg ?? ''))).toHaveLength(2);
  });

  it('writes no warning for a request with many statements in flight at once', async () => {
    const { apiKey } = await keys.member('TBC', 'OFFICER');
    const checks = Array.from({ length: 15 }, (_, i) => `c${i}: checkConsultation(input: $input) { kind }`).join(' ');
    const input = { title: 'Library hours', areaCodes: ['E10000028'], audienceCodes: ['RESIDENTS'], startDate: '2027-03-01', endDate: '2027-03-28' };
    const answer = await fetch(`${service.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: `query($input: ConsultationInput!) { ${checks} }`, variables: { input } }),
    });
    expect(answer.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(service.output()).not.toContain('MaxListenersExceededWarning');
  });

  it('refuses a guessed feed token in JSON that no one keeps, and writes no warning for it', async () => {
    const logged = service.output().length;
    const answer = await fetch(`${service.baseUrl}/calendar.ics?token=guessed`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('cache-control') ?? '').not.toMatch(/max-age=300/);
    await new Promise((r) => setTimeout(r, 200));
    const records = service.output().slice(logged).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg?: string });
    expect(records.filter((r) => r.level >= 40)).toEqual([]);
  });
});
