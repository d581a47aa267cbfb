import { MigrationInterface, QueryRunner } from 'typeorm';

// For the good-practice checks (src/conflicts/advice.rules.ts): when the decision the consultation
// informs is due (a decision too soon after it closes leaves no time to weigh the responses), and
// why a statutory consultation runs shorter than the usual minimum, when it does. Both optional.
export class DecisionDate1766210000000 implements MigrationInterface {
  name = 'DecisionDate1766210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation ADD COLUMN decision_date date, ADD COLUMN short_period_reason varchar(1000)`);
    await q.query(`ALTER TABLE consultation ADD CONSTRAINT consultation_decision_after_close CHECK (decision_date IS NULL OR decision_date >= end_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT IF EXISTS consultation_decision_after_close, DROP COLUMN IF EXISTS decision_date, DROP COLUMN IF EXISTS short_period_reason`);
  }
}
