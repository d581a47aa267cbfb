import { DataSource, EntityManager } from 'typeorm';

/**
 * The shared rows that consultation's triggers add to on every insert (migrations 1764500000000
 * and 1765100000000): each registration updates its organisation's tally and the count of every
 * word it uses, so a transaction that inserts consultations holds those rows until it ends, and
 * every other registration of that body, or sharing a word with it, waits. `only` limits a copy
 * to the rows a dry run can touch (its organisations'), where the table grows with the network.
 */
const COUNTERS: readonly { table: string; only?: string }[] = [
  { table: 'consultation_tally' },
  { table: 'topic_word_count' },
  { table: 'topic_word_organisation_count', only: 'organisation_id = ANY($1::uuid[])' },
];

/**
 * Runs `work` in a transaction that is always rolled back and that no writer waits on, though it
 * inserts consultations and runs the clash check over them: the triggers' counters are copied into
 * temporary tables of the same names, which PostgreSQL finds first (pg_temp leads the search path
 * for tables), so the triggers count into the copies and the clash check reads them, exactly as
 * the real rows would be after the insert. Its new consultation rows are invisible to others, and
 * only a registration of the very same title and dates would wait on them (the registration index).
 * Plans cached on the connection name the shared tables, so they are discarded on the way in
 * (and out, once the copies are gone). `organisationIds`: the bodies whose consultations it inserts.
 * An import's dry run judges its rows in one; so does an apply, before it writes them.
 */
export async function dryRunTransaction<T>(dataSource: DataSource, organisationIds: readonly string[], work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('DISCARD PLANS');
      for (const { table, only } of COUNTERS) {
        await runner.query(`CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING ALL) ON COMMIT DROP`);
        await runner.query(`INSERT INTO pg_temp.${table} SELECT * FROM public.${table}${only ? ` WHERE ${only}` : ''}`, only ? [organisationIds] : []);
        await runner.query(`ANALYZE pg_temp.${table}`);
      }
      return await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.query('DISCARD PLANS');
    }
  } finally {
    await runner.release();
  }
}
