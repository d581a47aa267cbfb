import { ApolloServer } from '@apollo/server';
import { idArguments } from './id-arguments';

// The plugin on a small schema of its own: ids as arguments, in lists and in nested input
// fields (the service's schema has no ID input field yet), written in the document or in variables.
const typeDefs = `
  input Filter { memberId: ID, teamIds: [ID!], inner: Inner }
  input Inner { ownerId: ID! }
  type Query { one(id: ID!): String, many(ids: [ID!]!): String, find(filter: Filter, text: String): String }
`;
const ran: string[] = [];
const resolvers = { Query: { one: () => ran.push('one') && 'ok', many: () => ran.push('many') && 'ok', find: () => ran.push('find') && 'ok' } };
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('idArguments', () => {
  const sut = new ApolloServer({ typeDefs, resolvers, plugins: [idArguments()] });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());
  beforeEach(() => (ran.length = 0));

  const run = async (query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const { body, http } = await sut.executeOperation({ query, variables, operationName });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return { status: http.status, errors: body.singleResult.errors, data: body.singleResult.data };
  };

  it.each([
    ['an argument', `{ one(id: "not-a-uuid") }`, {}, 'id'],
    ['a number for an id', `query($id: ID!) { one(id: $id) }`, { id: 42 }, 'id'],
    ['one of a list', `query($ids: [ID!]!) { many(ids: $ids) }`, { ids: [ID, 'nope'] }, 'ids'],
    ['an input field', `{ find(filter: { memberId: "1" }) }`, {}, 'filter.memberId'],
    ['one of a list in an input field', `query($f: Filter) { find(filter: $f) }`, { f: { teamIds: [ID, `${ID}x`] } }, 'filter.teamIds'],
    ['a nested input field', `query($owner: ID!) { find(filter: { inner: { ownerId: $owner } }) }`, { owner: '' }, 'filter.inner.ownerId'],
    ['an argument in a fragment', `query { ...Q } fragment Q on Query { one(id: "x") }`, {}, 'id'],
  ])('refuses %s that is not a UUID, naming it, before anything runs', async (_what, query, variables, field) => {
    const { status, errors, data } = await run(query, variables);
    expect(status).toBe(400);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/ is not an id: ids are UUIDs/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) })]);
    expect(data).toBeUndefined();
    expect(ran).toEqual([]);
  });

  it('lets UUIDs through, in any case, and leaves other arguments alone', async () => {
    const { errors } = await run(`query($f: Filter) { one(id: "${ID.toUpperCase()}") many(ids: ["${ID}", "00000000-0000-0000-0000-000000000001"]) find(filter: $f, text: "not-a-uuid") }`, {
      f: { memberId: null, teamIds: [ID], inner: { ownerId: ID } },
    });
    expect(errors).toBeUndefined();
    expect(ran.sort()).toEqual(['find', 'many', 'one']);
  });

  it('checks only the operation asked for, and the fragments it uses', async () => {
    const { errors } = await run(`query Good { ...G } query Bad { ...B } fragment G on Query { one(id: "${ID}") } fragment B on Query { one(id: "bad") }`, undefined, 'Good');
    expect(errors).toBeUndefined();
    expect(ran).toEqual(['one']);
  });

  it('leaves a variable of the wrong type to GraphQL', async () => {
    const { errors } = await run(`query($id: ID!) { one(id: $id) }`, { id: { not: 'an id' } });
    expect(errors?.[0].message).toMatch(/Variable "\$id" got invalid value/);
  });
});
