import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/app-config';
import { connectDatabase } from '../src/database/database-connection';
import { runMigrations } from '../src/database/data-source-options';
import { densityFrom } from './register/england';
import { loadRegister } from './register/load';

// npm run bench:seed -- --consultations N [--seed S]: grows the England-shaped benchmark register
// in the database the service uses (DATABASE_URL, else the embedded one) to N consultations.
async function main() {
  const { values } = parseArgs({ options: { consultations: { type: 'string', default: '10000' }, seed: { type: 'string', default: '2026' } } });
  const total = Number(values.consultations);
  const seed = Number(values.seed);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) {
    process.stderr.write('Usage: npm run bench:seed -- --consultations N [--seed S]  (N a positive whole number)\n');
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const database = await connectDatabase(loadConfig(), { log, warn: log });
  try {
    await runMigrations(database.url);
    log(`Growing the benchmark register to ${total} consultations (seed ${seed})`);
    const result = await loadRegister(database.url, { total, seed, density: densityFrom(process.env.BENCH_DENSITY ?? 'dense'), log });
    process.stdout.write(`${result.consultations} generated consultations (${result.added} added in ${result.seconds.toFixed(1)} s)\n`);
    return 0;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
