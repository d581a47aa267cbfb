// Runs the built embedded server (dist/) in a process of its own, as `npm start` would: a test
// can then kill it like a crash does. Prints each log line, then `READY <url>`; SIGTERM stops it.
const { startEmbeddedPostgres } = require('../../dist/database/embedded-postgres');

const [dataDir, port] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
startEmbeddedPostgres({ dataDir, port: Number(port) }, { log: say, warn: say }).then(
  (server) => {
    say(`READY ${server.url}`);
    process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  },
  (error) => {
    say(`FAILED ${error.message}`);
    process.exit(1);
  },
);
setInterval(() => undefined, 60_000);
