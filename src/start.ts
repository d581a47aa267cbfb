import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { extname, join } from 'node:path';

// `npm start` runs this. Ctrl-C in a terminal sends SIGINT to the whole foreground process group,
// and the embedded PostgreSQL, a child of the service, was in it: it shut down at once and cut
// the service's connections while the service was still draining. So the service runs in a
// process group of its own (its database with it), and this launcher passes the signal on to the
// service alone, which closes HTTP, its queues and its pool, then stops the database last. Only
// the first signal is passed on: npm forwards the terminal's SIGINT to its script as well, and a
// second one would cut the service's shutdown short.
const service = spawn(process.execPath, [...process.execArgv, join(__dirname, `main${extname(__filename)}`)], {
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit'],
});

let forwarded = false;
const forward = (signal: NodeJS.Signals) => () => {
  if (forwarded) return;
  forwarded = true;
  service.kill(signal);
};
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
process.on('SIGHUP', forward('SIGTERM')); // the terminal closed: the service is no longer in its group to hear it
service.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
