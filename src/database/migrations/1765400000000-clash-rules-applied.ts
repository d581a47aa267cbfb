import { MigrationInterface, QueryRunner } from 'typeorm';

// Which clash rules the kept conflicts were judged by (a fingerprint of the rules and their
// settings). Empty after this migration, so the service re-evaluates every kept conflict under the
// revised rules on its next start (src/conflicts/conflict-reevaluation.ts), as it does whenever
// the rules or their CLASH_* settings change; acknowledgements survive where a conflict's substance
// is unchanged.
export class ClashRulesApplied1765400000000 implements MigrationInterface {
  name = 'ClashRulesApplied1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clash_rules_applied (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        fingerprint text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clash_rules_applied`);
  }
}
