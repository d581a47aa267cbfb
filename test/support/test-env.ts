// The variables global set-up hands to the test workers (they inherit its environment).
export const TEST_ENV = {
  adminUrl: 'CC_TEST_ADMIN_URL',
  template: 'CC_TEST_TEMPLATE_DB',
  runId: 'CC_TEST_RUN_ID',
  embeddedDir: 'CC_TEST_EMBEDDED_DIR',
  buildFailure: 'CC_TEST_BUILD_FAILURE',
} as const;

export function readTestEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run the tests through jest (npm test), whose global set-up provides it`);
  return value;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** How many cases a property test tries: PROPERTY_RUNS (npm run test:properties) or the test's own default. */
export function propertyRuns(byDefault: number): number {
  return Number(process.env.PROPERTY_RUNS ?? byDefault);
}
