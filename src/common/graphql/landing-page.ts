import type { ApolloServerPlugin } from '@apollo/server';

// What a browser opening /graphql gets, in every environment: a short page served from here. The
// pages Apollo Server 5 offers (Sandbox and Explorer, local or production) and the retired
// Playground all load their code from a CDN, which a council network may block and should not
// have to trust; the planner at / is the browser's way in, and programs POST their queries.
const page = (endpoint: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Consultation Calendar: GraphQL API</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; line-height: 1.5; padding: 0 1rem">
<h1>Consultation Calendar: GraphQL API</h1>
<p>This address answers GraphQL queries sent by POST with an API key. To plan and check consultations in a browser, open <a href="./">the planner</a>.</p>
<pre style="background: #f3f2f1; padding: 1rem; overflow-x: auto">curl -s ${endpoint} -H "Authorization: Bearer cc_…" \\
  -H 'Content-Type: application/json' \\
  -d '{"query":"{ me { name role organisation { code } } }"}'</pre>
<p>The schema, with a description of every field, is open to introspection with a key.</p>
</body>
</html>
`;

/** `publicBaseUrl`: where members reach the service, for the page's example. */
export function localLandingPage(publicBaseUrl: string): ApolloServerPlugin {
  const html = page(`${publicBaseUrl}/graphql`.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}
