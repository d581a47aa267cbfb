import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Jest loads the service's modules afresh for each test file: about 3 s of CPU a file that boots
// the app, more than most small specs take to run. So small specs live in a folder and one jest
// file runs them all: each keeps its own describe, app and database, as it had in a file of its own.

/** Runs here every spec in `folder` (its .ts files, in name order): call it from a *.spec.ts file. */
export function runSpecsIn(folder: string): void {
  const specs = readdirSync(folder).filter((file) => file.endsWith('.ts')).sort();
  if (!specs.length) throw new Error(`No specs in ${folder}`);
  for (const spec of specs) require(join(folder, spec));
}
