import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEST_ENV } from './test-env';

// Tests that run the service, its launcher or the CLI in a process of their own run the build in
// dist/, as operators do (npm start, npm run cli), not the sources through a transpiler: the
// global setup builds it once (only when src/ changed), and each such process then starts in
// about a third of the time.

const ENTRIES = {
  service: 'dist/main.js',
  launcher: 'dist/start.js',
  cli: 'dist/cli/main.js',
  /** An embedded PostgreSQL in a process of its own (it runs dist/'s embedded-postgres). */
  embeddedPostgres: 'test/support/embedded-postgres-child.js',
} as const;

/**
 * An entry point of the build, relative to the repository (the tests' working directory). Fails
 * the test with the compiler's errors when the build did not compile, rather than run an old one.
 */
export function built(entry: keyof typeof ENTRIES): string {
  const failure = process.env[TEST_ENV.buildFailure];
  if (failure) throw new Error(failure);
  return ENTRIES[entry];
}

/**
 * `npm run build` when the sources changed since the last one. A failure is handed to the tests
 * that need the build (built() throws it); the others, unit tests among them, still run.
 */
export async function buildService(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.js', '--if-stale']);
    delete process.env[TEST_ENV.buildFailure];
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    process.env[TEST_ENV.buildFailure] = `The service did not build (npm run build):\n${stdout ?? ''}${stderr ?? ''}`;
  }
}
