#!/usr/bin/env node
// npm run build: compiles src/ into dist/ and notes when (dist/.built). With --if-stale (npm start,
// npm run cli) it compiles only when something the build reads changed since: on an unchanged tree
// the service and the CLI start at once, and a fresh clone builds on its first start.
const { execFileSync } = require('node:child_process');
const { closeSync, openSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const STAMP = join(root, 'dist', '.built');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

// The newest change under a path; a folder's own time changes when a file in it is added, renamed or deleted.
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (process.argv.includes('--if-stale')) {
  if (built >= Math.max(...INPUTS.map((input) => newest(join(root, input))))) process.exit(0);
  process.stderr.write(built ? 'The sources changed since the last build: compiling them…\n' : 'Compiling the service into dist/ (again only when the sources change)…\n');
}

const started = new Date();
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
// Stamped with the time the build began: a file saved while it ran is compiled next time.
closeSync(openSync(STAMP, 'a'));
utimesSync(STAMP, started, started);
