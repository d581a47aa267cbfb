// The record a start ends with: where the planner, GraphQL and the health check are, and, on a
// register nobody has joined yet, how to get a key. As text (LOG_FORMAT=text) it reads:
//   15:09:56 Consultation Calendar is ready, on the embedded PostgreSQL
//     planner  http://127.0.0.1:3000/
//     graphql  http://127.0.0.1:3000/graphql
//     health   http://127.0.0.1:3000/health
//     next     in a second terminal, npm run cli -- demo (…); then open the planner and paste a key
export interface ReadyFacts {
  publicBaseUrl: string;
  databaseUrl: string;
  embedded: boolean;
  hasMembers: boolean;
  /** How an operator runs the CLI here: `npm run cli --`, or `node dist/cli/main.js` in the image. */
  cli: string;
}

export function readyMessage(facts: ReadyFacts): { message: string; fields: Record<string, string> } {
  const base = new URL(facts.publicBaseUrl);
  // Listening on every interface: this machine's browser reaches it as localhost.
  if (base.hostname === '0.0.0.0' || base.hostname === '[::]') base.hostname = 'localhost';
  const root = base.href.endsWith('/') ? base.href : `${base.href}/`;
  const external = new URL(facts.databaseUrl); // its host and database, never its password
  const database = facts.embedded ? 'the embedded PostgreSQL' : `the PostgreSQL at ${external.host}${external.pathname}`;
  const next = `in a second terminal, ${facts.cli} demo (a sample year, four members' keys) or ${facts.cli} bootstrap --email you@example.org; then open the planner and paste a key`;
  return {
    message: `Consultation Calendar is ready, on ${database}`,
    fields: { planner: root, graphql: `${root}graphql`, health: `${root}health`, ...(facts.hasMembers ? {} : { next }) },
  };
}
