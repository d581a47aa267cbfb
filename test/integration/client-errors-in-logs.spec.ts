import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../support/scratch';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

// The service as operators run it: a body too large or not JSON is the client's mistake, answered
// 413 or 400, and must not show in the log as a server error with a stack.
describe('client errors in the service\'s logs', () => {
  let database: TestDatabase;
  let keys: TestApp;
  let service: ChildProcess;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    keys = await createTestApp({}, database);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'trace', LOG_FORMAT: 'json', DATABASE_URL: database.url, PORT: String(port), PUBLIC_BASE_URL: baseUrl, DIGEST_SCHEDULE: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d) => (output += String(d)));
    service.stderr!.on('data', (d) => (output += String(d)));
    for (let i = 0; i < 300 && !output.includes('Consultation Calendar is ready'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('Consultation Calendar is ready');
  });

  afterAll(async () => {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await keys.close();
  });

  it('answers 413 and 400 and logs them at debug, not as errors', async () => {
    const { apiKey } = await keys.member('TBC', 'OFFICER');
    const post = (body: string, key?: string) =>
      fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
    const huge = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(2.5 * 1024 * 1024) } });
    const big = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(100_000) } });
    const answers = [await post(huge, apiKey), await post(big), await post('{"query": ', apiKey), await post('{"query": ')];
    expect(answers.map((a) => a.status)).toEqual([413, 413, 400, 400]);
    expect(await answers[0].json()).toEqual({ statusCode: 413, message: 'The request body is larger than the service accepts' });
    expect(await answers[2].json()).toEqual({ statusCode: 400, message: 'The request body is not valid JSON' });
    expect((await post(JSON.stringify({ query: '{ me { id } }' }), apiKey)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));

    const records = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg?: string });
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
    expect(output).not.toMatch(/PayloadTooLargeError|SyntaxError|request entity too large/);
    // Each is still logged, at debug, with its status and path.
    expect(records.filter((r) => r.level === 20 && /^413 POST \/graphql/.test(r.msg ?? ''))).toHaveLength(2);
    expect(records.filter((r) => r.level === 20 && /^400 POST \/graphql/.test(r.msg ?? ''))).toHaveLength(2);
  });
});
