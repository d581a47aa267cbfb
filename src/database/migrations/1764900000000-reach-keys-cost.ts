import { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = 'consultation_reach_keys(uuid[], uuid[], uuid[], uuid[], date, date)';

// consultation_reach_keys builds some thirty keys a row: about 30 µs. Declared at the default cost
// of an SQL function, the planner took it for as cheap as an operator, and on a register of a
// county's size (a few thousand consultations) it read the whole table and worked out every row's
// keys rather than look them up in consultation_reach_idx: 85 ms a check where the index takes 1.
// Its cost in operator units, measured, sends every register size through the index.
export class ReachKeysCost1764900000000 implements MigrationInterface {
  name = 'ReachKeysCost1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} COST 5000`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} COST 100`);
  }
}
