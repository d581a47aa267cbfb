// The planner talks only to the public GraphQL API, with the member's API key. The key is kept
// in sessionStorage: it lasts while the tab is open and signing out removes it.
const KEY = 'cc.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An API error: `field` names the input field it is about, when the API says. */
export class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.extensions?.code;
    this.field = error.extensions?.field;
  }
}

export async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.key() ?? ''}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `The service answered ${response.status}` }] }));
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data;
}
