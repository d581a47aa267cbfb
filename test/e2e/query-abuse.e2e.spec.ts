import { createTestApp, TestApp } from '../support/test-app';

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

describe('per-key rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

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
