import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Tests that run the service, its launcher or the CLI in a process of their own run the build in
// dist/, as operators do (npm start, npm run cli), not the sources through a transpiler: the
// global setup builds it once (only when src/ changed), and each such process then starts in
// about a third of the time.

/** The entry points in dist/, relative to the repository (the tests' working directory). */
export const BUILT = {
  service: 'dist/main.js',
  launcher: 'dist/start.js',
  cli: 'dist/cli/main.js',
  /** An embedded PostgreSQL in a process of its own (test/support/embedded-postgres-child.js). */
  embeddedPostgres: 'test/support/embedded-postgres-child.js',
} as const;

/** `npm run build` when the sources changed since the last one; the compiler's errors if it fails. */
export async function buildService(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.js', '--if-stale']);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`The service did not build (npm run build):\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
