import { connect } from 'node:net';
import { createTestApp, TestApp } from '../../support/test-app';

/**
 * A POST that announces `length` bytes of body but sends only its first kilobyte, as a flood of
 * large bodies looks to a service that must not read them: what the service answered, once it
 * has closed the connection (it never gets the rest).
 */
function announceBigBody(baseUrl: string, from: string, length: number, apiKey?: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      socket.destroy();
      resolve(answer);
    });
    const headers = [`POST /graphql HTTP/1.1`, `Host: ${hostname}`, 'Content-Type: application/json', `Content-Length: ${length}`, `X-Forwarded-For: ${from}`];
    if (apiKey) headers.push(`Authorization: Bearer ${apiKey}`);
    socket.write(`${headers.join('\r\n')}\r\n\r\n${'{"query":"{ me { id } }","padding":"'.padEnd(1024, 'x')}`);
  });
}

// Requests with no key, a wrong key or a wrong feed token, sent as a flood from one address.
describe('requests without a valid key, per client address', () => {
  let t: TestApp;
  let key: string;
  let addresses = 0;
  // Behind a trusted proxy (loopback here), each test floods from an address of its own.
  const nextAddress = () => `203.0.113.${++addresses}`;

  beforeAll(async () => {
    t = await createTestApp({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' });
    key = (await t.member('TBC', 'OFFICER')).apiKey;
  });
  afterAll(() => t.close());

  const post = (from: string, body: string, apiKey?: string) =>
    fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body,
    });
  const ask = (from: string, apiKey?: string) => post(from, JSON.stringify({ query: '{ me { id } }' }), apiKey);
  const feed = (from: string, token: string) => fetch(`${t.baseUrl}/calendar.ics?token=${token}`, { headers: { 'x-forwarded-for': from } });

  const expectRefused = async (response: Response) => {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    return response;
  };

  it('answers 429 with Retry-After and RATE_LIMITED once an address has sent its minute without a key, while members and /health go on', async () => {
    const from = nextAddress();
    for (let i = 0; i < 5; i++) expect((await ask(from)).status).not.toBe(429);
    const refused = await expectRefused(await ask(from));
    const body = (await refused.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(body.errors[0].message).toMatch(/at most 5 a minute/);
    expect((await ask(nextAddress())).status).not.toBe(429);
    const member = await ask(from, key);
    expect(member.status).toBe(200);
    expect(((await member.json()) as { data: { me: { id: string } } }).data.me.id).toEqual(expect.any(String));
    for (let i = 0; i < 20; i++) expect((await fetch(`${t.baseUrl}/health/live`, { headers: { 'x-forwarded-for': from } })).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/`, { headers: { 'x-forwarded-for': from } })).status).toBe(200);
  });

  it('counts wrong keys and wrong feed tokens against the same address', async () => {
    const from = nextAddress();
    for (let i = 0; i < 3; i++) expect((await ask(from, `wrong-key-${i}`)).status).not.toBe(429);
    for (let i = 0; i < 2; i++) expect((await feed(from, `wrong-token-${i}`)).status).toBe(401);
    await expectRefused(await ask(from, 'wrong-key-again'));
    const refusedFeed = await expectRefused(await feed(from, 'wrong-token-again'));
    expect(await refusedFeed.text()).toMatch(/at most 5 a minute/);
  });

  it('refuses a body over 16 KB without a valid key before reading it, and takes it with one', async () => {
    const big = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(100_000) } });
    expect((await post(nextAddress(), big)).status).toBe(413);
    expect((await post(nextAddress(), big, 'wrong-key')).status).toBe(413);
    // Sent in chunks, without a length to refuse it by.
    const chunked = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post(nextAddress(), big, key)).status).toBe(200);
  });

  // Reading a refused request's body to its end, to keep the connection, is the very work a flood
  // of big bodies asks for: the service answers from the announced length and hangs up instead.
  it('answers a big body without a key from its announced length and closes the connection without reading the rest', async () => {
    const answer = await announceBigBody(t.baseUrl, nextAddress(), 1_900_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/^connection: close$/im);
    expect(answer).toContain('larger than the service accepts');
  });

  it('refuses a big body from an address over its limit without reading the rest', async () => {
    const from = nextAddress();
    for (let i = 0; i < 5; i++) await ask(from);
    const anonymous = await announceBigBody(t.baseUrl, from, 1_900_000);
    expect(anonymous).toMatch(/^HTTP\/1\.1 429/);
    expect(anonymous).toMatch(/^connection: close$/im);
    expect(anonymous).toMatch(/"code":"RATE_LIMITED"/);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: a client cannot choose its address to escape the limit', async () => {
    const ask = (i: number) =>
      fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` }, body: '{"query":"{ me { id } }"}' });
    for (let i = 0; i < 3; i++) expect((await ask(i)).status).not.toBe(429);
    expect((await ask(99)).status).toBe(429);
  });
});

describe('per-key limit under a burst', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  });
  afterAll(() => t.close());

  it('lets exactly the minute\'s 600 of 650 parallel requests on one key through', async () => {
    const key = (await t.member('TBC', 'VIEWER')).apiKey;
    const statuses = await Promise.all(
      Array.from({ length: 650 }, () =>
        fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '{"query":"{ me { id } }"}' }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
  }, 120_000);
});
