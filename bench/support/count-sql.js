// Preloaded into the service under benchmark (node -r): counts the SQL statements sent through
// the pg driver, and on SIGUSR2 writes the count to $BENCH_SQL_COUNT_FILE.
const { writeFileSync } = require('node:fs');
const { Client } = require('pg');

let statements = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  statements++;
  return query.apply(this, args);
};
process.on('SIGUSR2', () => writeFileSync(process.env.BENCH_SQL_COUNT_FILE, String(statements)));
