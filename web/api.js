// The planner talks only to the public GraphQL API. Signed in, the browser holds a session
// cookie the page's scripts cannot read (HttpOnly); no key or secret is kept in the page.

/** An API error: `field` names the input field it is about, when the API says. */
export class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.extensions?.code;
    this.field = error.extensions?.field;
    this.extensions = error.extensions ?? {};
  }
}

export async function gql(query, variables = {}) {
  return answer(await post('/graphql', { query, variables }));
}

export const session = {
  /** Exchanges an API key for a session: the key is sent once, and not kept. */
  withKey: async (key) => answer(await post('/auth/key', { key })),
  /** Asks for a sign-in link by email; after it, the planner opens at `next`. */
  emailLink: async (email, next) => answer(await post('/auth/email-link', { email, next })),
  signOut: () => post('/auth/sign-out'),
};

function post(path, body) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function answer(response) {
  if (response.status === 204) return undefined;
  const body = await response.json().catch(() => ({ errors: [{ message: `The service answered ${response.status}` }] }));
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data ?? body;
}
