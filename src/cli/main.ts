import 'reflect-metadata';
import { runCli } from './run-cli';

// The operator CLI: `npm run cli -- <command>`, or `node dist/cli/main.js <command>` on a build.

// Exit only once stdout is flushed: a piped API key must not be cut off.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(exit);
