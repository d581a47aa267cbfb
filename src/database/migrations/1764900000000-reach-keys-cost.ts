import { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = 'consultation_reach_keys(uuid[], uuid[], uuid[], uuid[], date, date)';

// consultation_reach_keys builds some thirty keys a row: about 30 µs. Declared at the default cost
// of an SQL function, the planner took it for as cheap as an operator, and on a register of a
// county's size (a few thousand consultations) it read the whole table and worked out every row's
// keys rather than look them up in consultation_reach_idx: 85 ms a check where the index takes 1.
// Its cost in operator units, measured, sends every register size through the index.
//
// The planner also charges that cost for each row a lookup returns (as if it rechecked them,
// which for exact heap pages it does not), so a large register's check looks dear enough for
// parallel workers, whose start-up costs more than the lookup (at 100,000 consultations 1 ms
// became 6-10). PARALLEL RESTRICTED keeps a scan that tests the keys out of parallel workers; it
// costs nothing elsewhere, as PostgreSQL builds GIN indexes in one process. (The same inflated
// cost would bring on JIT compilation, which the service's connections turn off.)
export class ReachKeysCost1764900000000 implements MigrationInterface {
  name = 'ReachKeysCost1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} COST 5000 PARALLEL RESTRICTED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} COST 100 PARALLEL SAFE`);
  }
}
